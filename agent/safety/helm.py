"""helm: release commands, local chart commands and the repo/dependency/plugin/registry groups."""

from __future__ import annotations

from agent.tooling.base import Modifies
from agent.safety.command_path import split_command
from agent.safety.flagdata import program_flags
from agent.safety.flags import walk
from agent.safety.invocation import Call, Context, fail_closed, no_subcommand
from agent.safety.models import CommandClass, Program, Target

_FLAGS = program_flags("helm")

_HELM_ALIASES = {"ls": "list", "del": "uninstall", "delete": "uninstall", "un": "uninstall", "hist": "history",
                 "inspect": "show", "fetch": "pull", "dep": "dependency", "dependencies": "dependency"}
_HELM_READS = frozenset({"list", "status", "history", "template", "lint", "version", "env", "verify",
                         "completion", "help", "get", "show", "search"})
_HELM_RELEASE_WRITES = {
    "install": "installs a release", "upgrade": "upgrades a release", "rollback": "rolls a release back",
    "uninstall": "uninstalls a release and deletes its objects", "test": "runs the release's test pods",
}
_HELM_LOCAL_WRITES = {
    "create": "writes a new chart directory", "package": "writes a chart archive",
    "pull": "downloads a chart into the local directory", "push": "pushes a chart to a registry",
}
_HELM_GROUPS: dict[str, tuple[frozenset[str], dict[str, str]]] = {
    "repo": (frozenset({"list", "ls"}), {
        "add": "adds a chart repository to the local config", "update": "refreshes the local repository cache",
        "up": "refreshes the local repository cache", "remove": "removes a chart repository from the local config",
        "rm": "removes a chart repository from the local config", "index": "writes an index.yaml"}),
    "dependency": (frozenset({"list", "ls"}), {
        "update": "downloads chart dependencies into charts/", "up": "downloads chart dependencies into charts/",
        "build": "rebuilds charts/ from the lock file"}),
    "plugin": (frozenset({"list", "ls"}), {s: "changes installed helm plugins" for s in (
        "install", "add", "uninstall", "rm", "remove", "update", "up")}),
    "registry": (frozenset(), {"login": "stores registry credentials", "logout": "removes registry credentials"}),
}

_GROUPS: dict[str, frozenset[str] | None] = {
    **{group: None for group in ("repo", "dependency", "dep", "dependencies", "plugin", "registry", "get", "show",
                                 "inspect", "search")},
}


def classify_helm(argv: list[str], ctx: Context) -> CommandClass:
    cmd = split_command(argv[1:], _FLAGS, _GROUPS)
    raw = cmd.path[0] if cmd.path else ""
    verb = _HELM_ALIASES.get(raw, raw)
    parsed = walk(cmd.rest, _FLAGS.spec(verb))
    call = Call.namespaced(Program.HELM, verb, parsed, argv, ctx)
    return fail_closed(call, _helm_verb(call, raw), _FLAGS, cmd)


def _helm_verb(call: Call, raw: str) -> CommandClass:
    verb, parsed = call.verb, call.parsed
    pos = parsed.positionals
    if not verb:
        return no_subcommand(call)
    if verb in _HELM_READS:
        if verb in ("get", "show", "search") and pos:
            call.verb = f"{verb} {pos[0]}"
        return call.read(f"helm {call.verb} only reads")
    if verb in _HELM_RELEASE_WRITES:
        release = None if parsed.has("generate-name") else (pos[0] if pos else None)
        targets = [Target(kind="helm-release", name=name, namespace=call.namespace)
                   for name in (pos if verb == "uninstall" else [release])]
        return call.write(f"helm {verb} {_HELM_RELEASE_WRITES[verb]}", destructive=verb == "uninstall",
                          targets=targets, dry_run_applies=verb != "test")
    if verb in _HELM_LOCAL_WRITES:
        return call.write(f"helm {verb} {_HELM_LOCAL_WRITES[verb]}", dry_run_applies=False)
    if verb in _HELM_GROUPS:
        reads, writes = _HELM_GROUPS[verb]
        sub = pos[0] if pos else ""
        call.verb = f"{verb} {sub}".strip()
        if sub in reads:
            return call.read(f"helm {call.verb} only reads")
        if sub in writes:
            return call.write(f"helm {call.verb} {writes[sub]}", dry_run_applies=False)
        return call.unknown(f"unknown 'helm {call.verb}'")
    return call.unknown(f"'helm {raw}' is not a built-in helm command (a plugin can do anything)")

