"""How carefully a command must be confirmed: what is destructive, and which word the user types back.

Deleting namespaces, cluster-scoped objects, PVCs and Secrets yields the word to
type: the single object's name, the namespace when every object is in it, else
`BULK_DELETE_TOKEN`.
"""

from __future__ import annotations

import os

from agent.safety.kinds import is_cluster_scoped
from agent.safety.models import Target

# Besides cluster-scoped kinds, deleting these loses data that cannot be recreated from manifests.
_DATA_KINDS = frozenset({"persistentvolumeclaim", "secret"})
BULK_DELETE_TOKEN = "delete-all"

_LOCAL_DELETERS = frozenset({"rm", "rmdir", "shred", "unlink", "dd", "mkfs", "wipefs", "truncate"})


def needs_typed_confirmation(kind: str | None) -> bool:
    return is_cluster_scoped(kind) or kind in _DATA_KINDS


def deletion_confirm_text(targets: list[Target], files: list[str], namespace: str | None,
                          all_namespaces: bool, names_from_stdin: bool) -> str | None:
    if files:
        return files[0] if len(files) == 1 and files[0] != "-" else BULK_DELETE_TOKEN
    sensitive = [t for t in targets if needs_typed_confirmation(t.kind)]
    if not sensitive:
        return BULK_DELETE_TOKEN if names_from_stdin and not targets else None
    names = {t.name for t in sensitive if t.name}
    bulk = names_from_stdin or any(t.name is None for t in sensitive)
    if not bulk and len(names) == 1:
        return names.pop()
    if namespace and not all_namespaces and not any(is_cluster_scoped(t.kind) for t in sensitive):
        return namespace
    return BULK_DELETE_TOKEN


def deletes_locally(argv: list[str]) -> bool:
    """Whether `argv` runs a program that deletes or overwrites files or disks (`rm`, `dd`, ...)."""
    return bool(argv) and os.path.basename(argv[0]) in _LOCAL_DELETERS
