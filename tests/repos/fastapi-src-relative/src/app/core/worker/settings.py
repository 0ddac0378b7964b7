from arq.connections import RedisSettings

from ...core.config import settings


class WorkerSettings:
    functions = []
    redis_settings = RedisSettings(host=settings.REDIS_QUEUE_HOST)
