"""One call of kubectl, helm or docker being classified, and the results it can produce."""

from __future__ import annotations

from dataclasses import dataclass

from agent.tooling.base import Modifies
from agent.safety.command_path import CommandPath
from agent.safety.flagdata import Capability, ProgramFlags
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
        kw.setdefault("capabilities", [Capability.API_WRITE.value])
        return self.result(Modifies.YES, reason, destructive=destructive, confirm_text=confirm_text, **kw)


def no_subcommand(call: Call) -> CommandClass:
    if call.parsed.after_dashdash:
        return call.unknown(f"{call.program.value} with arguments after `--` but no subcommand")
    return call.read(f"{call.program.value} without a subcommand prints help")


def fail_closed(call: Call, result: CommandClass, flags: ProgramFlags, cmd: CommandPath) -> CommandClass:
    """Only what is positively read-only stays a read.

    A flag that gives the verb a capability (writes files, runs a program) makes
    it a write; a non-global flag before the command word or a flag the tables do
    not know makes a read `unknown`: the classifier cannot tell how the program
    would parse the line.
    """
    program = call.program.value
    rule = flags.capability(call.verb, call.parsed)
    if rule is not None:
        caps = sorted({*result.capabilities, rule.capability.value})
        if result.modifies is Modifies.NO:
            modifies = Modifies.UNKNOWN if rule.capability is Capability.RUNS_PROGRAM else Modifies.YES
            return result.model_copy(update={"modifies": modifies, "capabilities": caps,
                                             "reason": f"{program} {call.verb}: {rule.reason}"})
        result = result.model_copy(update={"capabilities": caps, "reason": f"{result.reason}; {rule.reason}"})
    if result.modifies is not Modifies.NO:
        return result
    if cmd.early_flags:
        return result.model_copy(update={"modifies": Modifies.UNKNOWN, "reason": (
            f"{' '.join(cmd.early_flags)} before the command word is not a global {program} flag: {program} "
            f"would read it as taking the next word, so which command runs cannot be told; "
            f"put it after the command")})
    if call.parsed.unknown:
        return result.model_copy(update={"modifies": Modifies.UNKNOWN, "reason": (
            f"{' '.join(dict.fromkeys(call.parsed.unknown))} is not a {program} {call.verb} flag the classifier "
            f"knows: whether it takes a value or changes anything cannot be told")})
    return result
