"""Provider names, importable without pulling in pydantic or any SDK (the CLI needs them for --help)."""

PROVIDERS = ("openai", "anthropic", "builtin")
