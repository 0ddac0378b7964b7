"""A pflag/cobra-like walker shared by kubectl, helm and docker.

Two rules from the real programs matter for safety:

- **Finding the command** (cobra's `stripFlags`): before the command word, a
  `--flag` or `-f` without `=` swallows the next word unless the flag is a
  known boolean of the command level being searched. Unknown flags swallow too.
  So `kubectl --cache_dir get delete ns prod` runs `delete`.
- **Parsing the flags** (pflag): `--a_b` is `--a-b` when the program normalises
  names (kubectl does), a value flag takes the next word even when it starts
  with `-`, `-abc` is a cluster, `-nvalue`/`-n=value` carry their value.

Flags the spec does not know are collected in `ParsedArgs.unknown`: callers
treat a reading command with an unknown flag as not positively read-only.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FlagSpec:
    takes_value: frozenset[str]  # long names that consume the next word
    short: dict[str, str]  # "-n" -> "namespace"
    booleans: frozenset[str] = frozenset()  # long names that take no value (incl. `--dry-run`-style optional values)
    normalize: bool = True  # `--a_b` means `--a-b`

    def with_short(self, **overrides: str) -> "FlagSpec":
        return FlagSpec(self.takes_value, {**self.short, **{f"-{k}": v for k, v in overrides.items()}},
                        self.booleans, self.normalize)

    def name(self, raw: str) -> str:
        return raw.replace("_", "-") if self.normalize else raw

    def knows(self, name: str) -> bool:
        return name in self.takes_value or name in self.booleans

    def is_boolean_long(self, raw: str) -> bool:
        return self.name(raw) in self.booleans

    def is_boolean_short(self, letter: str) -> bool:
        return self.short.get(f"-{letter}") in self.booleans


@dataclass
class ParsedArgs:
    positionals: list[str] = field(default_factory=list)
    flags: dict[str, list[str | None]] = field(default_factory=dict)
    after_dashdash: list[str] | None = None
    consumed: int = 0
    unknown: list[str] = field(default_factory=list)  # flags the spec does not know, as written

    def has(self, *names: str) -> bool:
        """Whether any of the flags is given and not switched off (`--watch=false`)."""
        return any(n in self.flags and self.flags[n][-1] not in ("false", "0") for n in names)

    def last(self, *names: str) -> str | None:
        for name in names:
            values = self.values(name)
            if values:
                return values[-1]
        return None

    def values(self, name: str) -> list[str]:
        return [v for v in self.flags.get(name, []) if v is not None]

    def merged(self, other: "ParsedArgs") -> "ParsedArgs":
        flags = {k: list(v) for k, v in self.flags.items()}
        for k, v in other.flags.items():
            flags.setdefault(k, []).extend(v)
        dashdash = other.after_dashdash if other.after_dashdash is not None else self.after_dashdash
        return ParsedArgs(other.positionals, flags, dashdash, self.consumed + other.consumed,
                          [*self.unknown, *other.unknown])


def is_flag(word: str) -> bool:
    return word.startswith("-") and word != "-"


def walk(args: list[str], spec: FlagSpec, *, until_positional: bool = False) -> ParsedArgs:
    """Sort `args` into flags and positionals like pflag; with `until_positional`, stop after the first positional."""
    parsed = ParsedArgs()

    def add(name: str, value: str | None) -> None:
        parsed.flags.setdefault(name, []).append(value)

    i = 0
    while i < len(args):
        word = args[i]
        nxt = args[i + 1] if i + 1 < len(args) else None
        if word == "--":
            parsed.after_dashdash = args[i + 1:]
            i = len(args)
            break
        if word.startswith("--"):
            raw, eq, value = word[2:].partition("=")
            name = spec.name(raw)
            if not spec.knows(name) and spec.booleans:
                parsed.unknown.append(word)
            if eq:
                add(name, value)
            elif name in spec.takes_value and nxt is not None:
                add(name, nxt)  # pflag takes the next word even when it looks like a flag
                i += 1
            else:
                add(name, None)
        elif is_flag(word):
            for j in range(1, len(word)):
                letter = word[j]
                name = spec.short.get(f"-{letter}")
                if name is None:
                    if spec.booleans:
                        parsed.unknown.append(f"-{letter}")
                    name = letter
                if name in spec.takes_value:
                    value = word[j + 1:].removeprefix("=")
                    if value:
                        add(name, value)
                    elif nxt is not None:
                        add(name, nxt)
                        i += 1
                    else:
                        add(name, None)
                    break
                add(name, None)
        else:
            parsed.positionals.append(word)
            if until_positional:
                i += 1
                break
        i += 1
    parsed.consumed = i
    return parsed


def find_command(args: list[str], level: FlagSpec) -> int | None:
    """Where cobra finds the (sub)command word in `args`, given the flags of the level being searched.

    A flag without `=` that is not a known boolean of `level` swallows the next word
    (`--flag value`, `-f value`); `--` ends the search. None: no command word.
    """
    i = 0
    while i < len(args):
        word = args[i]
        if word == "--":
            return None
        if word.startswith("--") and "=" not in word and not level.is_boolean_long(word[2:]):
            i += 2
            continue
        if (word.startswith("-") and "=" not in word and len(word) == 2
                and not level.is_boolean_short(word[1])):
            i += 2
            continue
        if word and not word.startswith("-"):
            return i
        i += 1
    return None


def walk_to_subcommand(args: list[str], spec: FlagSpec) -> tuple[str, ParsedArgs]:
    """The first positional ("" when there is none) and the flags given before it."""
    head = walk(args, spec, until_positional=True)
    return (head.positionals[0] if head.positionals else ""), head


def dry_run_mode(parsed: ParsedArgs) -> str | None:
    """The dry-run mode when `--dry-run` makes the call persist nothing, else None."""
    if "dry-run" not in parsed.flags:
        return None
    value = parsed.flags["dry-run"][-1]
    if value is None or value in ("client", "server", "true", "unchanged"):
        return value if value not in (None, "unchanged") else "client"
    return None  # none / false / anything kubectl or helm would not honour
