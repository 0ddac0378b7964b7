from pydantic_settings import BaseSettings
from starlette.config import Config

config = Config(".env")


class AppSettings(BaseSettings):
    APP_NAME: str = config("APP_NAME", default="FastAPI app")


class RedisQueueSettings(BaseSettings):
    REDIS_QUEUE_HOST: str = config("REDIS_QUEUE_HOST", default="localhost")


class Settings(AppSettings, RedisQueueSettings):
    pass


settings = Settings()
