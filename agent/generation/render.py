"""Render templates. Template syntax is `[[ expr ]]` / `[% stmt %]` so Helm's own `{{ }}` passes through."""

from __future__ import annotations

import json
import shlex
from functools import lru_cache
from typing import Any

import jinja2

TEMPLATE_PACKAGE = ("agent.generation", "templates")


def _yaml_str(value: Any) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps("" if value is None else str(value))


def _env_name_to_key(name: str) -> str:
    """DATABASE_URL -> databaseUrl: how the constitution spells secret keys in values.yaml."""
    head, *rest = name.lower().split("_")
    return head + "".join(part.capitalize() for part in rest)


@lru_cache(maxsize=1)
def _loader() -> jinja2.PackageLoader:
    return jinja2.PackageLoader(*TEMPLATE_PACKAGE)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_loader(),
        variable_start_string="[[", variable_end_string="]]",
        block_start_string="[%", block_end_string="%]",
        comment_start_string="[#", comment_end_string="#]",
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined, autoescape=False,
    )
    env.filters["q"] = _yaml_str
    env.filters["json"] = json.dumps
    env.filters["valuekey"] = _env_name_to_key
    env.filters["shjoin"] = shlex.join
    return env


def render(template: str, **context: Any) -> str:
    text = environment().get_template(template).render(**context)
    return text.rstrip("\n") + "\n"


def template_source(template: str) -> str:
    """The raw text of a template (the skills quote them, so they never drift from what we generate)."""
    return _loader().get_source(environment(), template)[0]
