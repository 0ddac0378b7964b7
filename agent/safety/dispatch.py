"""From a command line to a `CommandClass`: strip wrappers, pick the program, handle shell constructs."""

from __future__ import annotations

import os
from typing import Callable

from agent.tooling.base import Modifies
from agent.safety.confirm import deletes_locally
from agent.safety.docker import classify_docker
from agent.safety.helm import classify_helm
from agent.safety.invocation import Context
from agent.safety.kubectl import classify_kubectl
from agent.safety.models import CommandClass, Program
from agent.safety.shell import UnsafeCommandLine, shell_words, simple_commands
from agent.safety.wrappers import WRAPPERS, assigned_names, is_assignment, risky_variables, unwrap, watch_command

_DISPATCH: dict[str, Callable[[list[str], Context], CommandClass]] = {
    "kubectl": classify_kubectl, "helm": classify_helm, "docker": classify_docker,
}
KUBECTL_ALIASES = frozenset({"k", "kc", "kub"})


def _program_name(word: str) -> str:
    name = os.path.basename(word)
    return name[:-4] if name.lower().endswith(".exe") else name


def _classify_words(words: list[str], ctx: Context) -> CommandClass:
    words = list(words)
    via: list[str] = []
    assigned: list[str] = []
    while words:
        head = _program_name(words[0])
        if is_assignment(words[0]):
            assigned += assigned_names(words[:1])
            words = words[1:]
            continue
        if head == "watch":
            inner, exec_mode = watch_command(words)
            result = _classify_words(inner, ctx) if exec_mode else classify(inner)
            return result.model_copy(update={
                "interactive": True, "reason": f"watch re-runs it until interrupted; {result.reason}"})
        if head in WRAPPERS:
            if head == "xargs":
                ctx.names_from_stdin = True
            via.append(head)
            rest = unwrap(words, head)
            if head == "env":
                assigned += assigned_names(words[1:len(words) - len(rest)])
            words = rest
            continue
        break
    if not words:
        return CommandClass(modifies=Modifies.UNKNOWN, program=Program.OTHER, reason="no command to run")
    program = _program_name(words[0])
    if program in ("microk8s", "k3s") and words[1:2] == ["kubectl"]:
        words = words[1:]
    elif program == "minikube" and words[1:2] == ["kubectl"]:
        words = ["kubectl", *(words[3:] if words[2:3] == ["--"] else words[2:])]
    elif program == "docker-compose":
        words = ["docker", "compose", *words[1:]]
    program = _program_name(words[0])
    if "/" in words[0] and not os.path.isabs(words[0]) and program in (*_DISPATCH, *KUBECTL_ALIASES):
        return CommandClass(
            modifies=Modifies.UNKNOWN, program=Program.OTHER, verb=program, argv=words,
            reason=f"'{words[0]}' is a program in a relative directory, not the installed {program}: "
                   f"what it does cannot be checked")
    if program in _DISPATCH:
        result = _DISPATCH[program](words, ctx)
    elif program in KUBECTL_ALIASES:
        as_kubectl = classify_kubectl(words, ctx)
        result = as_kubectl.model_copy(update={
            "modifies": Modifies.UNKNOWN, "program": Program.OTHER,
            "reason": f"'{program}' is usually an alias for kubectl, but aliases only exist in an interactive "
                      f"shell; spell out kubectl ({as_kubectl.reason})"})
    else:
        result = CommandClass(
            modifies=Modifies.UNKNOWN, program=Program.OTHER, verb=program, argv=words,
            destructive=deletes_locally(words),
            reason=f"'{program}' is not kubectl, helm or docker: what it changes cannot be checked statically")
    if "xargs" in via:
        # xargs appends (or with -I substitutes) words read from stdin or a file: flags, even the verb, can
        # arrive that way, so nothing run through it is positively read-only
        result = result.model_copy(update={
            "modifies": Modifies.YES if result.modifies is Modifies.YES else Modifies.UNKNOWN,
            "reason": f"via xargs (more arguments arrive from stdin or a file, unseen): {result.reason}"})
    risky = risky_variables(assigned)
    if risky and result.modifies is Modifies.NO:
        result = result.model_copy(update={
            "modifies": Modifies.UNKNOWN,
            "reason": f"the environment variable {', '.join(risky)} can change what it runs; {result.reason}"})
    return result


def _classify_compound(line: str, construct: str) -> CommandClass:
    parts = [_classify_words(words, Context()) for words in simple_commands(line)]
    reason = (f"{construct}: the line cannot be parsed, so it cannot be checked statically"
              if construct.startswith(("an unterminated", "unparsable")) else
              f"{construct}: a shell would do more than run one plain command, so it cannot be checked statically")
    if parts:
        reason += "; parts: " + ", ".join(
            f"{p.program.value if p.program is not Program.OTHER else (p.argv[:1] or ['?'])[0]} "
            f"{p.verb if p.program is not Program.OTHER else ''}".strip()
            + f" ({p.modifies.value}{', destructive' if p.destructive else ''})" for p in parts)
    first = parts[0] if parts else None
    return CommandClass(
        modifies=Modifies.UNKNOWN, program=first.program if first else Program.OTHER,
        verb=first.verb if first else "", reason=reason, shell_construct=construct,
        destructive=any(p.destructive for p in parts),
        confirm_text=next((p.confirm_text for p in parts if p.confirm_text), None),
        targets=[t for p in parts for t in p.targets],
        interactive=any(p.interactive for p in parts))


def classify(command: str | list[str]) -> CommandClass:
    """Decide statically whether `command` modifies anything, and how carefully to confirm it.

    A string is parsed like a POSIX shell would; a list is taken as argv (no shell).
    """
    if isinstance(command, str):
        try:
            words = shell_words(command)
        except UnsafeCommandLine as exc:
            return _classify_compound(command, exc.construct)
    else:
        words = list(command)
    return _classify_words(words, Context())
