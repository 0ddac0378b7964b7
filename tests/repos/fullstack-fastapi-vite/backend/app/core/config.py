from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file="../.env", env_ignore_empty=True, extra="ignore")
    API_V1_STR: str = "/api/v1"
    PROJECT_NAME: str = "Full Stack FastAPI Project"
    FRONTEND_HOST: str = "http://localhost:5173"
    all_cors_origins: list[str] = []


settings = Settings()
