"""`agent.safety` is a package; everything other modules import from it stays importable from the top."""

from __future__ import annotations

import importlib

import agent.safety as safety


def test_every_exported_name_is_importable_from_the_package() -> None:
    for name in safety.__all__:
        assert getattr(safety, name) is not None, name
    assert {"classify", "shell_words", "UnsafeCommandLine", "canonical_kind", "needs_typed_confirmation",
            "KUBECTL_VERBS", "BULK_DELETE_TOKEN", "CommandClass", "Program", "Target"} <= set(safety.__all__)


def test_reexports_are_the_objects_the_submodules_define() -> None:
    assert safety.classify is importlib.import_module("agent.safety.dispatch").classify
    assert safety.CommandClass is importlib.import_module("agent.safety.models").CommandClass
    assert safety.UnsafeCommandLine is importlib.import_module("agent.safety.shell").UnsafeCommandLine
    assert safety.KUBECTL_VERBS is importlib.import_module("agent.safety.kubectl").KUBECTL_VERBS


def test_kubectl_verbs_cover_reads_writes_and_handled_verbs() -> None:
    assert {"get", "logs", "apply", "delete", "drain", "rollout", "config", "scale", "exec"} <= safety.KUBECTL_VERBS
    assert safety.KUBECTL_READ_VERBS < safety.KUBECTL_VERBS
