"""Provider names and `PROVIDER:MODEL` specs, importable without pydantic or any SDK (the CLI needs them for --help).

A spec is LangChain's provider string: `anthropic:claude-sonnet-4-6`, `openai:gpt-4o`, `ollama:llama3.1`, or a
bare provider name (`builtin`, `openai`) that uses the configured model.
"""

from __future__ import annotations

PROVIDERS = ("openai", "anthropic", "ollama", "builtin")
# Ollama's OpenAI-compatible endpoint; OLLAMA_HOST moves it, as it does for the ollama CLI
OLLAMA_DEFAULT_HOST = "http://localhost:11434"


def split_spec(spec: str) -> tuple[str, str | None]:
    """`anthropic:claude-sonnet-4-6` -> ("anthropic", "claude-sonnet-4-6"); `builtin` -> ("builtin", None)."""
    name, sep, model = spec.strip().partition(":")
    return name.strip(), (model.strip() or None) if sep else None


def spec_error(spec: str) -> str | None:
    """Why `spec` is not a usable PROVIDER[:MODEL], or None."""
    name, model = split_spec(spec)
    if name not in PROVIDERS:
        return f"unknown provider {name!r} in {spec!r}; choose from {', '.join(PROVIDERS)} (PROVIDER or PROVIDER:MODEL)"
    if name == "builtin" and model:
        return f"the builtin engine takes no model ({spec!r}): write `builtin`"
    if name == "ollama" and not model:
        return f"name the Ollama model: `ollama:llama3.1` (not {spec!r})"
    return None
