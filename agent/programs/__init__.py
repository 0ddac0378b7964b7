"""Clients of the programs the agent drives (Helm today; kubectl, Docker, kubectl-ai, kagent and Gordon
are still in `tools/` and move here next): plain Python APIs returning pydantic models, no Tool protocol."""
