"""The constitution's AI-tools-first fallback chains (section VI).

Manifests and charts: kubectl-ai -> LLM -> builtin generator. Dockerfiles:
Gordon -> LLM -> builtin. Cluster analysis: kagent -> builtin analyzers. Every
artifact is validated before it is accepted; a step whose artifact fails
validation counts as failed and the chain moves on. Each step is written into
the PHR: command or prompt, tool version, response summary, validation result,
whether it was a fallback and why, and what the agent changed.
"""
