from fastapi import APIRouter, FastAPI


def create_application(router: APIRouter, settings, **kwargs) -> FastAPI:
    application = FastAPI(**kwargs)
    application.include_router(router)
    return application
