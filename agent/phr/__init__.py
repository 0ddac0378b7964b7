"""Prompt History Records: one hash-chained Markdown record per interaction.

`recorder.PhrRecorder` collects an interaction and writes it; `store` assigns ids
and writes atomically under a lock; `verify` checks the chain; `query` reads
records back for `agent phr list/show/export`.
"""
