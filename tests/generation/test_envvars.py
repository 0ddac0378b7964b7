from __future__ import annotations

import pytest

from agent.generation.envvars import classify, scan_python, scan_regex
from agent.generation.models import EnvKind


@pytest.mark.parametrize("name, default, kind", [
    ("BETTER_AUTH_SECRET", None, EnvKind.SECRET),
    ("OPENAI_API_KEY", None, EnvKind.SECRET),
    ("DB_PASSWORD", None, EnvKind.SECRET),
    ("GITHUB_TOKEN", None, EnvKind.SECRET),
    ("DATABASE_URL", None, EnvKind.SECRET),
    ("CACHE_URL", "redis://user:pw@cache:6379/0", EnvKind.SECRET),
    ("CACHE_URL", "redis://cache:6379/0", EnvKind.CONFIG),
    ("LOG_LEVEL", "info", EnvKind.CONFIG),
    ("KEYCLOAK_REALM", None, EnvKind.CONFIG),
    ("NEXT_PUBLIC_STRIPE_KEY", None, EnvKind.CONFIG),  # inlined into the browser bundle: public by definition
])
def test_classify(name: str, default: str | None, kind: EnvKind) -> None:
    assert classify(name, default) is kind



def test_python_defaults_after_or_and_settings_fields(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "config.py").write_text(
        "import os\n"
        "from pydantic_settings import BaseSettings, SettingsConfigDict\n"
        "LEVEL = os.environ.get('LOG_LEVEL') or 'INFO'\n"
        "class Settings(BaseSettings):\n"
        "    model_config = SettingsConfigDict(env_prefix='APP_')\n"
        "    redis_password: str\n"
        "    workers: int = 2\n")
    found = {v.name: (v.kind, v.default, v.source) for v in scan_python(tmp_path)}
    assert found == {"LOG_LEVEL": (EnvKind.CONFIG, "INFO", "config.py:3"),
                     "APP_REDIS_PASSWORD": (EnvKind.SECRET, None, "config.py:6"),
                     "APP_WORKERS": (EnvKind.CONFIG, "2", "config.py:7")}


def test_js_reads_with_fallbacks(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "api.ts").write_text(
        "export const API = process.env.NEXT_PUBLIC_API_URL ?? 'http://localhost:8000';\n"
        "const key = process.env['STRIPE_SECRET_KEY'];\nconst env = process.env.NODE_ENV;\n")
    found = {v.name: (v.kind, v.default, v.build_time) for v in scan_regex(tmp_path, (".ts",), "js")}
    assert found == {"NEXT_PUBLIC_API_URL": (EnvKind.CONFIG, "http://localhost:8000", True),
                     "STRIPE_SECRET_KEY": (EnvKind.SECRET, None, False)}
