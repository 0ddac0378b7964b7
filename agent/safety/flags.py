"""A small pflag-like walker (interspersed flags, -abc clusters, --x=v) shared by kubectl, helm and docker."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FlagSpec:
    takes_value: frozenset[str]  # long names that consume the next word
    short: dict[str, str]  # "-n" -> "namespace"

    def with_short(self, **overrides: str) -> "FlagSpec":
        return FlagSpec(self.takes_value, {**self.short, **{f"-{k}": v for k, v in overrides.items()}})


@dataclass
class ParsedArgs:
    positionals: list[str] = field(default_factory=list)
    flags: dict[str, list[str | None]] = field(default_factory=dict)
    after_dashdash: list[str] | None = None
    consumed: int = 0

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
        return ParsedArgs(other.positionals, flags, dashdash, self.consumed + other.consumed)


def is_flag(word: str) -> bool:
    return word.startswith("-") and word != "-"


def walk(args: list[str], spec: FlagSpec, *, until_positional: bool = False) -> ParsedArgs:
    """Sort `args` into flags and positionals; with `until_positional`, stop after the first positional."""
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
            name, eq, value = word[2:].partition("=")
            if eq:
                add(name, value)
            elif name in spec.takes_value and nxt is not None and not is_flag(nxt):
                add(name, nxt)
                i += 1
            else:
                add(name, None)
        elif is_flag(word):
            for j in range(1, len(word)):
                name = spec.short.get(f"-{word[j]}", word[j])
                if name in spec.takes_value:
                    value = word[j + 1:].removeprefix("=")
                    if value:
                        add(name, value)
                    elif nxt is not None and not is_flag(nxt):
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


def walk_to_subcommand(args: list[str], spec: FlagSpec) -> tuple[str, ParsedArgs]:
    """The first positional ("" when there is none) and the flags given before it."""
    head = walk(args, spec, until_positional=True)
    return (head.positionals[0] if head.positionals else ""), head


def dry_run_mode(parsed: ParsedArgs) -> str | None:
    """The dry-run mode when `--dry-run` makes the call persist nothing, else None."""
    if "dry-run" not in parsed.flags:
        return None
    value = parsed.flags["dry-run"][-1]
    if value is None or value in ("client", "server", "true"):
        return value or "client"
    return None  # none / false / anything kubectl or helm would not honour
