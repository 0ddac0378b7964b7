"""Step names the CLI needs for --help, importable without pydantic."""

GENERATION_VIA = ("kubectl-ai", "gordon", "llm", "builtin")  # the steps `agent generate --via` can force
