"""What a repository already says about how it runs: Procfiles, platform manifests, compose files,
Dockerfiles, start scripts, package scripts, Makefile targets and README run instructions.

One reader a module; each returns `Evidence` items. `collect` runs them for one service directory and
ranks what they found by the table in `ranks.yaml` (data, not code).
"""
