"""Which words of a command line are its command path (`rollout restart`), found the way cobra finds them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Collection, Mapping

from agent.safety.flagdata import ProgramFlags
from agent.safety.flags import find_command, walk


@dataclass
class CommandPath:
    path: list[str] = field(default_factory=list)  # ["rollout", "restart"]; [] when there is no command word
    rest: list[str] = field(default_factory=list)  # the arguments, command words removed; a sub-command first
    early_flags: list[str] = field(default_factory=list)  # non-global flags written before a command word
    dashdash_first: bool = False  # `--` came before any command word


def split_command(args: list[str], flags: ProgramFlags,
                  groups: Mapping[str, Collection[str] | None]) -> CommandPath:
    """The verb (and, for a group in `groups`, its known sub-command) and what is left.

    `groups` maps a verb to the sub-commands it has (None: any word). Only global
    flags can come before a command word without changing how kubectl/helm/docker
    find it; any other flag there is reported in `early_flags`.
    """
    root = flags.root()
    at = find_command(args, root)
    if at is None:
        return CommandPath(rest=list(args), dashdash_first="--" in args,
                           early_flags=walk(args, _strict(root)).unknown)
    verb = args[at]
    early = walk(args[:at], _strict(root)).unknown
    rest = args[:at] + args[at + 1:]
    path = [verb]
    if verb in groups:
        sub_at = find_command(rest, root)
        known = groups[verb]
        if sub_at is not None and (known is None or rest[sub_at] in known):
            early += walk(rest[:sub_at], _strict(root)).unknown
            path.append(rest[sub_at])
            rest = [rest[sub_at], *rest[:sub_at], *rest[sub_at + 1:]]
    return CommandPath(path=path, rest=rest, early_flags=early)


def _strict(spec):  # a spec whose unknown flags are reported even if it lists no booleans
    return spec if spec.booleans else spec.__class__(spec.takes_value, spec.short, frozenset({"\0"}), spec.normalize)
