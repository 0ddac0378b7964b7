import os


class AppSettings:
    api_prefix = "/api"
    allowed_hosts = ["*"]
    database_url = os.getenv("DATABASE_URL")
    fastapi_kwargs: dict = {}


def get_app_settings() -> AppSettings:
    return AppSettings()
