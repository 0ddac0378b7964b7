"""The workspace boundary: file tools read and write under one root, whatever the path says.

A path is resolved (`..`, `~` and every symlink followed) before it is compared
with the resolved root, so `../../etc/shadow`, `/etc/shadow` and a symlink inside
the repository that points out of it are all refused.
"""

from __future__ import annotations

from pathlib import Path

from agent.errors import AgentError


class OutsideWorkspace(AgentError):
    """The path resolves outside the workspace root."""


def confined(root: Path, path: str | Path) -> Path:
    """`path` (relative to `root`) resolved; raises `OutsideWorkspace` when it is not under the resolved root."""
    base = Path(root).resolve()
    target = (base / Path(path).expanduser()).resolve()
    if target != base and base not in target.parents:
        raise OutsideWorkspace(
            f"{path} resolves to {target}, outside the workspace {base}",
            hint="file tools only read and write under the directory the agent was started in; "
                 "start it in the directory that holds the file, or copy the file there")
    return target
