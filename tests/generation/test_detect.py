"""Detection per stack: what each fixture project must yield."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.errors import UsageError
from agent.generation.detect import detect_app
from agent.generation.models import EnvKind, Framework, ServiceKind

from .conftest import FIXTURES


def _only(name: str):  # type: ignore[no-untyped-def]
    plan = detect_app(FIXTURES / name)
    assert len(plan.services) == 1
    return plan.services[0]


def _env(svc) -> dict[str, EnvKind]:  # type: ignore[no-untyped-def]
    return {v.name: v.kind for v in svc.env}


def test_monorepo_yields_three_services_with_their_calls() -> None:
    plan = detect_app(FIXTURES / "monorepo")
    assert [s.name for s in plan.services] == ["backend", "frontend-chatbot", "frontend-web"]
    backend, chatbot, web = plan.services
    assert (backend.framework, backend.kind, backend.port) == (Framework.FASTAPI, ServiceKind.BACKEND, 8000)
    assert (backend.health_path, backend.readiness_path) == ("/health", "/ready")
    assert backend.start_command[:2] == ["/opt/venv/bin/uvicorn", "app.main:app"]
    assert _env(backend) == {"BETTER_AUTH_SECRET": EnvKind.SECRET, "CORS_ORIGINS": EnvKind.CONFIG,
                             "DATABASE_URL": EnvKind.SECRET, "FRONTEND_URL": EnvKind.CONFIG,
                             "LOG_LEVEL": EnvKind.CONFIG, "OPENAI_API_KEY": EnvKind.SECRET}
    assert next(v for v in backend.env if v.name == "LOG_LEVEL").default == "info"
    assert [(c.env, c.target) for c in web.calls] == [("NEXT_PUBLIC_API_URL", "backend")]
    assert [(c.env, c.target) for c in chatbot.calls] == [("NEXT_PUBLIC_API_URL", "backend")]


def test_nextjs_app_router_standalone() -> None:
    web = detect_app(FIXTURES / "monorepo").service("frontend-web")
    assert (web.framework, web.kind, web.framework_version) == (Framework.NEXTJS, ServiceKind.UI, "16")
    assert (web.nextjs_router, web.nextjs_standalone) == ("app", True)
    assert (web.port, web.health_path) == (3000, "/api/health")
    assert web.start_command == ["node", "server.js"]
    assert (web.package_manager, web.lock_file) == ("npm", "package-lock.json")
    assert "/app/.next/cache" in web.writable_paths
    assert web.build_args[0].name == "NEXT_PUBLIC_API_URL"


def test_nextjs_pages_router_not_standalone() -> None:
    chatbot = detect_app(FIXTURES / "monorepo").service("frontend-chatbot")
    assert (chatbot.nextjs_router, chatbot.nextjs_standalone, chatbot.framework_version) == ("pages", False, "14")
    assert chatbot.port == 3001 and chatbot.sources["port"] == "package.json scripts.start"
    assert chatbot.start_command[-3:] == ["start", "-p", "3001"]
    assert chatbot.health_path == "/api/health"


def test_flask() -> None:
    svc = _only("flask-api")
    assert (svc.framework, svc.health_path, svc.readiness_path) == (Framework.FLASK, "/healthz", "/healthz")
    assert svc.start_command[:2] == ["/opt/venv/bin/gunicorn", "app:app"]
    assert svc.extra_packages == ["gunicorn==23.0.0"]  # flask has no production server of its own
    assert _env(svc) == {"FLASK_SECRET_KEY": EnvKind.SECRET, "REDIS_URL": EnvKind.SECRET}


def test_django() -> None:
    svc = _only("django-site")
    assert (svc.framework, svc.health_path) == (Framework.DJANGO, "/health")
    assert svc.start_command[:2] == ["/opt/venv/bin/gunicorn", "mysite.wsgi:application"]
    assert svc.extra_packages == []  # gunicorn is in requirements.txt
    assert _env(svc)["DJANGO_SECRET_KEY"] is EnvKind.SECRET
    assert _env(svc)["DJANGO_DEBUG"] is EnvKind.CONFIG


def test_plain_python_with_poetry() -> None:
    svc = _only("poetry-worker")
    assert (svc.framework, svc.package_manager, svc.lock_file) == (Framework.PYTHON, "poetry", "poetry.lock")
    assert (svc.language_version, svc.port, svc.health_path) == ("3.12", 9000, "/health")
    assert svc.start_command == ["/opt/venv/bin/python3", "-m", "worker"]
    assert svc.manifests == ["pyproject.toml", "poetry.lock"]


def test_fastapi_with_uv_and_src_layout() -> None:
    svc = _only("uv-service")
    assert (svc.package_manager, svc.lock_file, svc.installs_project) == ("uv", "uv.lock", True)
    assert svc.port == 8100
    assert svc.start_command[1] == "uvsvc.main:app"


def test_plain_python_pyproject_takes_what_it_cannot_detect_from_agent_toml() -> None:
    svc = _only("pip-pyproject")
    assert (svc.package_manager, svc.port, svc.health_path) == ("pip", 8080, "/")
    assert svc.sources["port"] == "agent.toml / --set"
    assert svc.start_command == ["/opt/venv/bin/python3", "main.py"]
    assert svc.language_version == "3.13"  # requires-python >=3.11 allows the constitution default


def test_vite_static_site() -> None:
    svc = _only("vite-site")
    assert (svc.framework, svc.kind, svc.port, svc.build_output) == (Framework.VITE, ServiceKind.UI, 8080, "build-out")
    assert svc.build_args[0].name == "VITE_API_URL"


def test_express() -> None:
    svc = _only("express-api")
    assert (svc.framework, svc.kind, svc.port, svc.language_version) == (Framework.EXPRESS, ServiceKind.BACKEND, 3001, "22")
    assert (svc.health_path, svc.readiness_path) == ("/health", "/ready")
    assert svc.start_command == ["node", "server.js"]
    assert _env(svc) == {"JWT_SECRET": EnvKind.SECRET, "LOG_LEVEL": EnvKind.CONFIG}


def test_go() -> None:
    svc = _only("go-api")
    assert (svc.framework, svc.language_version, svc.port) == (Framework.GO, "1.22", 8080)
    assert (svc.health_path, svc.readiness_path, svc.build_output) == ("/healthz", "/readyz", "./cmd/api")
    assert _env(svc) == {"UPSTREAM_TOKEN": EnvKind.SECRET}


def test_undetectable_value_names_the_agent_toml_key(tmp_path: Path) -> None:
    app = tmp_path / "pinger"
    app.mkdir()
    for name in ("pyproject.toml", "main.py"):
        (app / name).write_text((FIXTURES / "pip-pyproject" / name).read_text())
    with pytest.raises(UsageError) as err:
        detect_app(app)
    assert "port" in err.value.message
    assert "[services.pinger] port = " in (err.value.hint or "")


def test_missing_value_is_asked_for_when_someone_can_answer(tmp_path: Path) -> None:
    app = tmp_path / "pinger"
    app.mkdir()
    for name in ("pyproject.toml", "main.py"):
        (app / name).write_text((FIXTURES / "pip-pyproject" / name).read_text())
    asked = []

    def ask(service: str, key: str, question: str) -> str:
        asked.append((service, key))
        return {"port": "7000", "health_path": "/ping"}[key]

    svc = detect_app(app, ask=ask).services[0]
    assert asked == [("pinger", "port"), ("pinger", "health_path")]
    assert (svc.port, svc.health_path, svc.readiness_path) == (7000, "/ping", "/ping")
    assert svc.sources["port"] == "asked"


def test_set_flag_overrides_detection() -> None:
    plan = detect_app(FIXTURES / "monorepo", sets=["backend.port=9000", "frontend-web.kind=backend"])
    assert plan.service("backend").port == 9000
    assert plan.service("frontend-web").kind is ServiceKind.BACKEND


def test_unknown_service_in_overrides_is_an_error() -> None:
    with pytest.raises(UsageError, match="unknown service"):
        detect_app(FIXTURES / "monorepo", sets=["api.port=1"])


def test_a_dangling_symlink_in_the_sources_is_skipped(tmp_path: Path) -> None:
    import shutil

    app = tmp_path / "go-api"
    shutil.copytree(FIXTURES / "go-api", app)
    (app / "cmd" / "api" / "generated.go").symlink_to(tmp_path / "missing.go")
    svc = detect_app(app).services[0]
    assert (svc.framework, svc.port) == (Framework.GO, 8080)


def test_a_package_json_that_is_not_an_object_is_not_a_node_service(tmp_path: Path) -> None:
    app = tmp_path / "odd"
    app.mkdir()
    (app / "package.json").write_text('["next"]')
    with pytest.raises(UsageError) as err:
        detect_app(app)
    assert "no service found" in err.value.message


def test_services_in_agent_toml_that_is_not_a_table_is_a_config_error(tmp_path: Path) -> None:
    from agent.errors import ConfigError

    app = tmp_path / "pinger"
    app.mkdir()
    for name in ("pyproject.toml", "main.py"):
        (app / name).write_text((FIXTURES / "pip-pyproject" / name).read_text())
    (app / "agent.toml").write_text('services = ["pinger"]\n')
    with pytest.raises(ConfigError) as err:
        detect_app(app)
    assert "[services.backend]" in (err.value.hint or "")
