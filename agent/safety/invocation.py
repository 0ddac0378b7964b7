"""One call of kubectl, helm or docker being classified, and the results it can produce."""

from __future__ import annotations

from dataclasses import dataclass

from tools.base import Modifies
from agent.safety.flags import ParsedArgs, dry_run_mode
from agent.safety.models import CommandClass, Program


@dataclass
class Context:
    names_from_stdin: bool = False  # under xargs: the object names arrive on stdin


@dataclass
class Call:
    program: Program
    verb: str
    parsed: ParsedArgs
    argv: list[str]
    ctx: Context
    namespace: str | None = None
    all_namespaces: bool = False

    @classmethod
    def namespaced(cls, program: Program, verb: str, parsed: ParsedArgs, argv: list[str], ctx: Context) -> "Call":
        """A call whose namespace and `--all-namespaces` come from its `--namespace`/`-A` flags."""
        return cls(program, verb, parsed, argv, ctx, namespace=parsed.last("namespace"),
                   all_namespaces=parsed.has("all-namespaces"))

    def result(self, modifies: Modifies, reason: str, **kw: object) -> CommandClass:
        return CommandClass(modifies=modifies, program=self.program, verb=self.verb, reason=reason,
                            namespace=self.namespace, all_namespaces=self.all_namespaces, argv=self.argv, **kw)

    def read(self, reason: str, **kw: object) -> CommandClass:
        return self.result(Modifies.NO, reason, **kw)

    def unknown(self, reason: str, **kw: object) -> CommandClass:
        return self.result(Modifies.UNKNOWN, reason, **kw)

    def write(self, reason: str, *, destructive: bool = False, confirm_text: str | None = None,
              dry_run_applies: bool = True, **kw: object) -> CommandClass:
        mode = dry_run_mode(self.parsed) if dry_run_applies else None
        if mode:
            return self.read(f"--dry-run={mode}: {reason}, but nothing is persisted", **kw)
        return self.result(Modifies.YES, reason, destructive=destructive, confirm_text=confirm_text, **kw)


def no_subcommand(call: Call) -> CommandClass:
    if call.parsed.after_dashdash:
        return call.unknown(f"{call.program.value} with arguments after `--` but no subcommand")
    return call.read(f"{call.program.value} without a subcommand prints help")
