"""Which deletions need a typed confirmation, and which word the user types back."""

from __future__ import annotations

import pytest

from agent.safety.confirm import BULK_DELETE_TOKEN, deletes_locally, deletion_confirm_text, needs_typed_confirmation
from agent.safety.models import Target


@pytest.mark.parametrize(("kind", "needed"), [
    ("namespace", True), ("node", True), ("clusterrolebinding", True), ("clustersomethingnew", True),
    ("persistentvolumeclaim", True), ("secret", True), ("deployment", False), ("pod", False), (None, False),
])
def test_typed_confirmation_for_cluster_scoped_and_data_kinds(kind: str | None, needed: bool) -> None:
    assert needs_typed_confirmation(kind) is needed


def confirm(targets: list[Target], files: tuple[str, ...] = (), namespace: str | None = None,
            all_namespaces: bool = False, names_from_stdin: bool = False) -> str | None:
    return deletion_confirm_text(targets, list(files), namespace, all_namespaces, names_from_stdin)


def test_the_word_to_type_back() -> None:
    pvc = Target(kind="persistentvolumeclaim", name="data-0", namespace="db")
    assert confirm([pvc], namespace="db") == "data-0"
    assert confirm([pvc, pvc.model_copy(update={"name": "data-1"})], namespace="db") == "db"
    assert confirm([pvc, pvc.model_copy(update={"name": "data-1"})], namespace="db", all_namespaces=True) \
        == BULK_DELETE_TOKEN
    assert confirm([Target(kind="namespace", name=None)]) == BULK_DELETE_TOKEN
    assert confirm([Target(kind="pod", name="web-0")]) is None
    assert confirm([], files=("k8s/app.yaml",)) == "k8s/app.yaml"
    assert confirm([], files=("-",)) == BULK_DELETE_TOKEN
    assert confirm([], names_from_stdin=True) == BULK_DELETE_TOKEN
    assert confirm([pvc], namespace="db", names_from_stdin=True) == "db"


def test_local_deleters_are_recognised_by_program_name() -> None:
    assert deletes_locally(["/bin/rm", "-rf", "/data"])
    assert deletes_locally(["dd", "if=/dev/zero", "of=/dev/sda"])
    assert not deletes_locally(["ls", "-la"])
    assert not deletes_locally([])
