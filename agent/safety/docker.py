"""docker and docker compose: plain commands, management groups (`docker image ...`) and compose."""

from __future__ import annotations

import shlex

from agent.tooling.base import Modifies
from agent.safety.confirm import deletes_locally
from agent.safety.command_path import split_command
from agent.safety.flagdata import program_flags
from agent.safety.flags import find_command, walk
from agent.safety.invocation import Call, Context, fail_closed, no_subcommand
from agent.safety.models import CommandClass, Program, Target

_FLAGS = program_flags("docker")

_DOCKER_READS = frozenset({"ps", "images", "inspect", "logs", "version", "info", "history", "stats", "top",
                           "events", "search", "diff", "port", "wait", "help"})
_DOCKER_WRITES = {
    "build": "builds an image", "push": "pushes an image to a registry", "pull": "pulls an image into local storage",
    "run": "starts a container", "exec": "runs a command inside a container", "create": "creates a container",
    "start": "starts containers", "stop": "stops containers", "kill": "kills containers",
    "restart": "restarts containers", "pause": "pauses containers", "unpause": "unpauses containers",
    "rename": "renames a container", "update": "changes container limits", "cp": "copies files",
    "attach": "attaches to a container", "tag": "tags an image", "commit": "creates an image from a container",
    "login": "stores registry credentials", "logout": "removes registry credentials",
    "load": "loads images into local storage", "import": "imports an image", "init": "writes Docker files",
    "rm": "removes containers", "rmi": "removes images",
}
_DOCKER_COMPOSE_WRITES = {
    "up": "creates and starts the services", "down": "stops and removes the services' containers and networks",
    "rm": "removes stopped service containers", "build": "builds the services' images",
    "pull": "pulls the services' images", "push": "pushes the services' images",
    "restart": "restarts services", "stop": "stops services", "start": "starts services",
    "kill": "kills services", "run": "runs a one-off service container",
    "exec": "runs a command in a service container", "create": "creates the services' containers",
    "scale": "changes the number of service containers", "watch": "rebuilds and restarts services on change",
}
_DOCKER_FILE_WRITERS = frozenset({"save", "export"})  # write with -o, else stream to stdout
_DOCKER_DESTRUCTIVE = frozenset({"rm", "rmi", "prune", "remove", "down"})
# management command -> the subcommands that only read
_DOCKER_GROUPS: dict[str, frozenset[str]] = {
    "container": frozenset({"ls", "list", "ps", "inspect", "logs", "top", "stats", "diff", "port", "wait"}),
    "image": frozenset({"ls", "list", "inspect", "history"}),
    "network": frozenset({"ls", "list", "inspect"}),
    "volume": frozenset({"ls", "list", "inspect"}),
    "system": frozenset({"df", "info", "events"}),
    "builder": frozenset({"ls", "du"}),
    "buildx": frozenset({"ls", "inspect", "du", "version", "imagetools inspect"}),
    "compose": frozenset({"ps", "ls", "logs", "config", "images", "top", "version", "events", "port", "stats"}),
    "context": frozenset({"ls", "list", "inspect", "show"}),
    "manifest": frozenset({"inspect"}),
    "plugin": frozenset({"ls", "list", "inspect"}),
    "secret": frozenset({"ls", "inspect"}),
    "config": frozenset({"ls", "inspect"}),
    "node": frozenset({"ls", "ps", "inspect"}),
    "service": frozenset({"ls", "ps", "inspect", "logs"}),
    "stack": frozenset({"ls", "ps", "services", "config"}),
    "swarm": frozenset(),
    "trust": frozenset({"inspect"}),
}
_DOCKER_TARGET_KIND = {"rm": "container", "rmi": "image", "container": "container", "image": "image",
                       "volume": "volume", "network": "network"}


def classify_docker(argv: list[str], ctx: Context) -> CommandClass:
    args = argv[1:]
    cmd = split_command(args, _FLAGS, {})
    verb = cmd.path[0] if cmd.path else ""
    if not verb:
        call = Call(Program.DOCKER, "", walk(cmd.rest, _FLAGS.spec()), argv, ctx)
        return fail_closed(call, no_subcommand(call), _FLAGS, cmd)
    at = find_command(args, _FLAGS.root())
    assert at is not None
    call = Call(Program.DOCKER, verb, walk(args[:at], _FLAGS.spec()), argv, ctx)
    rest = args[at + 1:]
    if verb == "ai":
        return call.unknown("docker ai is an agent: it can run containers and commands on its own")
    if verb in _DOCKER_GROUPS:
        result = _docker_group(call, rest)
    else:
        result = _docker_verb(call, verb, rest, group="")
    return fail_closed(call, result, _FLAGS, cmd)


def _docker_group(call: Call, rest: list[str]) -> CommandClass:
    group = call.verb
    # the group's own flags (compose -f/-p, ...) may come before its sub-command
    at = find_command(rest, _FLAGS.spec(group))
    sub = rest[at] if at is not None else ""
    head = walk(rest[:at] if at is not None else rest, _FLAGS.spec(group))
    remaining = rest[at + 1:] if at is not None else []
    if group == "buildx" and sub == "imagetools" and remaining[:1]:
        sub = f"imagetools {remaining[0]}"
        remaining = remaining[1:]
    call.verb = f"{group} {sub}".strip()
    call.parsed = call.parsed.merged(head)
    if not sub:
        if call.parsed.after_dashdash is not None or call.parsed.unknown:
            return call.unknown(f"docker {group} with arguments but no sub-command it knows")
        return call.read(f"docker {group} without a subcommand prints help")
    return _docker_verb(call, sub, remaining, group=group, known_read=sub in _DOCKER_GROUPS[group])


def _docker_verb(call: Call, verb: str, rest: list[str], *, group: str, known_read: bool = False) -> CommandClass:
    spec = _FLAGS.spec(f"{group} {verb}" if group else verb)
    interspersed = verb not in ("run", "exec", "create")
    parsed = walk(rest, spec, until_positional=not interspersed)
    call.parsed = call.parsed.merged(parsed)
    p = call.parsed
    command = rest[parsed.consumed:] if not interspersed else []
    name = f"docker {call.verb}"
    if known_read or (not group and verb in _DOCKER_READS):
        follows = p.has("follow") or (verb == "stats" and not p.has("no-stream")) or verb == "events"
        return call.read(f"{name} only reads", interactive=follows)
    if verb in _DOCKER_FILE_WRITERS:
        out = p.last("output")
        if out:
            return call.result(Modifies.YES, f"{name} writes the archive to {out}")
        return call.read(f"{name} only streams an archive to stdout")
    destructive = verb in _DOCKER_DESTRUCTIVE or (verb == "exec" and deletes_locally(command))
    attached_up = group == "compose" and verb == "up" and not p.has("detach", "wait")  # streams service logs
    interactive = p.has("interactive", "tty") or verb == "attach" or attached_up
    kind = _DOCKER_TARGET_KIND.get(group or verb)
    targets = [Target(kind=kind, name=n) for n in p.positionals] if destructive and kind else []
    if group:
        what = _DOCKER_WRITES.get(verb, "changes local Docker state")
        if group == "compose":
            what = _DOCKER_COMPOSE_WRITES.get(verb, "changes the services")
        elif verb in ("rm", "remove", "prune"):
            what = "removes " + ("unused objects" if verb == "prune" else f"{group}s")
        return call.result(Modifies.YES, f"{name} {what}", destructive=destructive, interactive=interactive,
                           targets=targets)
    if verb in _DOCKER_WRITES:
        reason = f"{name} {_DOCKER_WRITES[verb]}"
        if verb == "exec" and command[1:]:
            reason += f" (`{shlex.join(command[1:])}` in {command[0]})"
        return call.result(Modifies.YES, reason, destructive=destructive, interactive=interactive,
                           targets=targets)
    return call.unknown(f"'docker {verb}' is not a known docker command (a CLI plugin can do anything)")

