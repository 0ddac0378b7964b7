"""The shared flag walker: how kubectl/helm/docker style arguments are sorted into flags and positionals."""

from __future__ import annotations

import pytest

from agent.safety.flags import FlagSpec, dry_run_mode, walk, walk_to_subcommand

SPEC = FlagSpec(frozenset({"namespace", "output", "selector"}),
                {"-n": "namespace", "-o": "output", "-l": "selector", "-w": "watch", "-A": "all-namespaces"})


def test_flags_may_come_before_between_and_after_positionals() -> None:
    parsed = walk(["-n", "shop", "get", "--output=wide", "pods", "-l", "app=api"], SPEC)
    assert parsed.positionals == ["get", "pods"]
    assert parsed.flags == {"namespace": ["shop"], "output": ["wide"], "selector": ["app=api"]}
    assert parsed.consumed == 7


def test_short_clusters_stop_at_the_first_flag_that_takes_a_value() -> None:
    assert walk(["-wAnprod"], SPEC).flags == {"watch": [None], "all-namespaces": [None], "namespace": ["prod"]}
    assert walk(["-n=prod"], SPEC).last("namespace") == "prod"


def test_a_value_flag_takes_the_next_word_even_when_it_looks_like_a_flag() -> None:
    # pflag: `--namespace -w` sets the namespace to "-w" (kubectl then looks for namespace "-w")
    parsed = walk(["--namespace", "-w", "pods"], SPEC)
    assert parsed.flags == {"namespace": ["-w"]}
    assert parsed.positionals == ["pods"]


def test_double_dash_ends_the_flags() -> None:
    parsed = walk(["exec", "web-0", "--", "rm", "-rf", "/data"], SPEC)
    assert parsed.positionals == ["exec", "web-0"]
    assert parsed.after_dashdash == ["rm", "-rf", "/data"]


def test_walk_to_subcommand_stops_after_the_first_positional() -> None:
    verb, head = walk_to_subcommand(["-n", "db", "delete", "pvc", "data"], SPEC)
    assert (verb, head.positionals, head.consumed) == ("delete", ["delete"], 3)
    assert walk_to_subcommand(["--help"], SPEC)[0] == ""


@pytest.mark.parametrize(("args", "given"), [
    (["-w"], True), (["--watch"], True), (["--watch=true"], True), (["--watch=false"], False),
    (["--watch=0"], False), (["--watch=false", "-w"], True), ([], False),
])
def test_has_honours_the_last_explicit_boolean(args: list[str], given: bool) -> None:
    assert walk(args, SPEC).has("watch") is given


def test_merged_keeps_every_value_and_the_later_positionals() -> None:
    head = walk(["-n", "a", "get"], SPEC, until_positional=True)
    body = walk(["pods", "-n", "b", "--", "x"], SPEC)
    merged = head.merged(body)
    assert merged.values("namespace") == ["a", "b"]
    assert merged.last("namespace") == "b"
    assert merged.positionals == ["pods"]
    assert merged.after_dashdash == ["x"]
    assert merged.consumed == head.consumed + body.consumed


@pytest.mark.parametrize(("args", "mode"), [
    (["--dry-run"], "client"), (["--dry-run=client"], "client"), (["--dry-run=server"], "server"),
    (["--dry-run=true"], "true"), (["--dry-run=none"], None), (["--dry-run=false"], None),
    (["--dry-run=server", "--dry-run=none"], None), ([], None),
])
def test_dry_run_mode_only_when_nothing_is_persisted(args: list[str], mode: str | None) -> None:
    assert dry_run_mode(walk(args, SPEC)) == mode


def test_with_short_overrides_single_letters_only() -> None:
    logs = SPEC.with_short(f="follow", n="tail")
    assert logs.short["-f"] == "follow" and logs.short["-n"] == "tail" and logs.short["-o"] == "output"
    assert SPEC.short["-n"] == "namespace"
    assert logs.takes_value is SPEC.takes_value
