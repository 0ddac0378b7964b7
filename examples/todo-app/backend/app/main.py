"""The FastAPI application. Run with: uvicorn app.main:app --host 0.0.0.0 --port 8000"""

from __future__ import annotations

import logging
import time
import uuid
from contextlib import asynccontextmanager
from typing import AsyncIterator, Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.middleware.cors import CORSMiddleware

from app.config import Config
from app.db import Database
from app.logs import configure_logging, request_id_var
from app.routes import router

log = logging.getLogger("app")


def create_app(config: Config | None = None) -> FastAPI:
    config = config or Config.from_env()
    configure_logging(config.log_level)
    if not config.better_auth_secret:
        log.warning("BETTER_AUTH_SECRET is not set; sessions cannot be verified")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        db = Database(config.database_url)
        db.create_schema()
        app.state.db = db
        log.info("backend started", extra={"fields": {"database": db.engine.url.get_backend_name()}})
        try:
            yield
        finally:
            # uvicorn turns SIGTERM into a graceful shutdown that ends here.
            db.close()
            log.info("backend stopped, database connections closed")

    app = FastAPI(title="Todo backend", version="1.0.0", lifespan=lifespan)
    app.state.config = config
    app.add_middleware(
        CORSMiddleware, allow_origins=list(config.frontend_urls), allow_credentials=True,
        allow_methods=["*"], allow_headers=["*"])

    @app.middleware("http")
    async def request_context(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        request_id = request.headers.get("x-request-id") or uuid.uuid4().hex
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        try:
            response = await call_next(request)
            response.headers["x-request-id"] = request_id
            if request.url.path not in ("/health", "/ready"):
                log.info("request", extra={"fields": {
                    "method": request.method, "path": request.url.path, "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1)}})
            return response
        finally:
            request_id_var.reset(token)

    app.include_router(router)
    return app


app = create_app()
