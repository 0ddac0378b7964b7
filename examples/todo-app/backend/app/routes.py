"""HTTP routes: health, todos CRUD and chat."""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Iterator

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app import chat
from app.db import Database, TodoRow
from app.schemas import ChatReply, ChatRequest, Todo, TodoCreate, TodoUpdate

log = logging.getLogger("app.routes")
router = APIRouter()


def get_db(request: Request) -> Database:
    return request.app.state.db


def get_session(db: Database = Depends(get_db)) -> Iterator[Session]:
    with db.sessions() as session:
        yield session


@router.get("/health")
def health() -> dict[str, str]:
    """Liveness: the process is up. Never touches the database."""
    return {"status": "healthy", "timestamp": datetime.now(timezone.utc).isoformat()}


@router.get("/ready")
def ready(db: Database = Depends(get_db)) -> JSONResponse:
    """Readiness: the database answers a real query."""
    try:
        db.ping()
    except SQLAlchemyError as exc:
        log.warning("readiness check failed", extra={"fields": {"error": type(exc).__name__}})
        return JSONResponse(status_code=503, content={"status": "not ready", "checks": {"database": "unreachable"}})
    return JSONResponse(content={"status": "ready", "checks": {"database": "ok"}})


@router.get("/todos", response_model=list[Todo])
def list_todos(session: Session = Depends(get_session)) -> list[TodoRow]:
    return list(session.scalars(select(TodoRow).order_by(TodoRow.id)).all())


@router.post("/todos", response_model=Todo, status_code=201)
def create_todo(body: TodoCreate, session: Session = Depends(get_session)) -> TodoRow:
    row = TodoRow(title=body.title)
    session.add(row)
    session.commit()
    log.info("todo created", extra={"fields": {"todo_id": row.id}})
    return row


def _get_or_404(session: Session, todo_id: int) -> TodoRow:
    row = session.get(TodoRow, todo_id)
    if row is None:
        raise HTTPException(status_code=404, detail=f"todo {todo_id} not found")
    return row


@router.get("/todos/{todo_id}", response_model=Todo)
def get_todo(todo_id: int, session: Session = Depends(get_session)) -> TodoRow:
    return _get_or_404(session, todo_id)


@router.patch("/todos/{todo_id}", response_model=Todo)
def update_todo(todo_id: int, body: TodoUpdate, session: Session = Depends(get_session)) -> TodoRow:
    row = _get_or_404(session, todo_id)
    if body.title is not None:
        row.title = body.title
    if body.done is not None:
        row.done = body.done
    session.commit()
    return row


@router.delete("/todos/{todo_id}", status_code=204)
def delete_todo(todo_id: int, session: Session = Depends(get_session)) -> Response:
    session.delete(_get_or_404(session, todo_id))
    session.commit()
    return Response(status_code=204)


@router.post("/chat", response_model=ChatReply)
def chat_endpoint(body: ChatRequest, request: Request, session: Session = Depends(get_session)) -> ChatReply:
    reply, source = chat.answer(body.message, request.app.state.config.openai_api_key, session)
    return ChatReply(reply=reply, source=source)
