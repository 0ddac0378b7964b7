"""kubectl: which verbs read, which write, what they target and what must be typed back to confirm."""

from __future__ import annotations

import shlex
from typing import Callable

from agent.tooling.base import Modifies
from agent.safety.confirm import deletes_locally, deletion_confirm_text
from agent.safety.command_path import split_command
from agent.safety.flagdata import program_flags
from agent.safety.flags import walk
from agent.safety.invocation import Call, Context, fail_closed, no_subcommand
from agent.safety.kinds import canonical_kind, object_targets
from agent.safety.models import CommandClass, Program, Target

_FLAGS = program_flags("kubectl")
# verbs with sub-commands cobra finds as command words (None: any word)
_GROUPS: dict[str, frozenset[str] | None] = {
    "rollout": None, "config": None, "auth": None, "set": None, "certificate": None, "plugin": None,
    "apply": frozenset({"view-last-applied", "set-last-applied", "edit-last-applied"}),
    "cluster-info": frozenset({"dump"}), "top": frozenset({"pod", "pods", "po", "node", "nodes", "no"}),
}

KUBECTL_READ_VERBS = frozenset({
    "get", "describe", "logs", "top", "explain", "api-resources", "api-versions", "version", "events",
    "wait", "diff", "kustomize", "completion", "options", "help", "plugin",
})
_KUBECTL_SIMPLE_WRITES = {
    "create": "creates objects", "edit": "edits an object in an editor and saves it", "patch": "patches objects",
    "replace": "replaces objects", "scale": "changes the replica count", "autoscale": "creates an autoscaler",
    "label": "changes labels", "annotate": "changes annotations", "expose": "creates a service",
    "run": "creates a pod", "cordon": "marks nodes unschedulable", "uncordon": "marks nodes schedulable",
    "taint": "changes node taints", "attach": "attaches to a running container (stdin reaches the process)",
    "debug": "adds a debug container or pod", "proxy": "serves the API on a local port",
    "cp": "copies files", "certificate": "approves or denies certificate requests",
}


def classify_kubectl(argv: list[str], ctx: Context) -> CommandClass:
    cmd = split_command(argv[1:], _FLAGS, _GROUPS)
    verb = cmd.path[0] if cmd.path else ""
    path = " ".join(cmd.path)
    parsed = walk(cmd.rest, _FLAGS.spec(path if path in _FLAGS.verbs else verb))
    if cmd.dashdash_first and parsed.after_dashdash is None:
        parsed.after_dashdash = []
    call = Call.namespaced(Program.KUBECTL, verb, parsed, argv, ctx)
    result = _kubectl_verb(call)
    return fail_closed(call, result, _FLAGS, cmd)


def _kubectl_verb(call: Call) -> CommandClass:
    verb = call.verb
    if not verb:
        return no_subcommand(call)
    handler = _KUBECTL_HANDLERS.get(verb)
    if handler:
        return handler(call)
    if verb in KUBECTL_READ_VERBS:
        return _kubectl_read(call)
    if verb in _KUBECTL_SIMPLE_WRITES:
        return _kubectl_simple_write(call)
    return call.unknown(f"'kubectl {verb}' is not a built-in kubectl command (a plugin can do anything)")


def _kubectl_read(call: Call) -> CommandClass:
    p = call.parsed
    streams = (call.verb in ("get", "events") and p.has("watch", "watch-only")) or \
              (call.verb == "logs" and p.has("follow"))
    targets = object_targets(p.positionals, call.namespace) if call.verb in ("get", "describe") else []
    return call.read(f"kubectl {call.verb} only reads", interactive=streams, targets=targets)


def _kubectl_simple_write(call: Call) -> CommandClass:
    p, verb = call.parsed, call.verb
    reason = f"kubectl {verb} {_KUBECTL_SIMPLE_WRITES[verb]}"
    if verb in ("label", "annotate") and p.has("list"):
        return call.read(f"kubectl {verb} --list only reads")
    if verb in ("label", "annotate", "patch") and p.has("local"):
        return call.read(f"kubectl {verb} --local only prints the result")
    interactive = verb in ("edit", "attach", "proxy") or p.has("stdin", "tty")
    targets: list[Target] = []
    if verb == "create" and p.positionals:
        kind = p.positionals[0]
        name_at = 2 if kind in ("secret", "service", "svc") else 1
        name = p.positionals[name_at] if len(p.positionals) > name_at else None
        targets = [Target(kind=canonical_kind(kind), name=name, namespace=call.namespace)]
    elif verb in ("cordon", "uncordon", "taint"):
        nodes = p.positionals[1:] if verb == "taint" and p.positionals[:1] in (["node"], ["nodes"]) else p.positionals
        targets = [Target(kind="node", name=n) for n in nodes[:1 if verb == "taint" else None]]
    elif verb in ("patch", "replace", "scale", "label", "annotate", "edit", "autoscale", "expose"):
        targets = object_targets(p.positionals[:1] if verb in ("label", "annotate") else p.positionals,
                                 call.namespace)
    elif verb == "cp" and len(p.positionals) >= 2:
        into_pod = ":" in p.positionals[-1]
        reason = "kubectl cp writes into a pod" if into_pod else "kubectl cp writes local files copied from a pod"
    elif verb == "run" and p.positionals:
        targets = [Target(kind="pod", name=p.positionals[0], namespace=call.namespace)]
    if verb == "certificate":
        sub = p.positionals[:1]
        if sub not in (["approve"], ["deny"]):
            return call.unknown(f"unknown 'kubectl certificate {' '.join(sub)}'")
        call.verb = f"certificate {sub[0]}"
    destructive = verb == "replace" and p.has("force")
    return call.write(reason, destructive=destructive, interactive=interactive, targets=targets)


def _kubectl_delete(call: Call) -> CommandClass:
    p = call.parsed
    targets = object_targets(p.positionals, call.namespace)
    files = p.values("filename") + p.values("kustomize")
    confirm = deletion_confirm_text(targets, files, call.namespace, call.all_namespaces,
                                    call.ctx.names_from_stdin)
    what = ", ".join(f"{t.kind}/{t.name or '*'}" for t in targets) or ", ".join(files) or "objects"
    return call.write(f"kubectl delete deletes {what}", destructive=True, confirm_text=confirm, targets=targets)


def _kubectl_drain(call: Call) -> CommandClass:
    nodes = call.parsed.positionals
    targets = [Target(kind="node", name=n) for n in nodes]
    confirm = nodes[0] if len(nodes) == 1 and not call.parsed.has("selector") else "drain-all"
    return call.write("kubectl drain evicts every pod from the node", destructive=True, confirm_text=confirm,
                      targets=targets)


def _kubectl_apply(call: Call) -> CommandClass:
    sub = call.parsed.positionals[:1]
    if sub == ["view-last-applied"]:
        call.verb = "apply view-last-applied"
        return call.read("kubectl apply view-last-applied only reads")
    if sub in (["set-last-applied"], ["edit-last-applied"]):
        call.verb = f"apply {sub[0]}"
        return call.write(f"kubectl apply {sub[0]} changes the last-applied annotation",
                          interactive=sub == ["edit-last-applied"])
    prunes = call.parsed.has("prune")
    reason = "kubectl apply creates or changes objects" + (" and --prune deletes the ones not listed" if prunes else "")
    return call.write(reason, destructive=prunes)


_SUBVERBS_READ: dict[str, frozenset[str]] = {
    "rollout": frozenset({"status", "history"}),
    "config": frozenset({"view", "get-contexts", "current-context", "get-clusters", "get-users"}),
    "auth": frozenset({"can-i", "whoami"}),
    "set": frozenset(),
}
_SUBVERBS_WRITE: dict[str, dict[str, str]] = {
    "rollout": {"restart": "restarts every pod of the workload", "undo": "rolls the workload back",
                "pause": "pauses the rollout", "resume": "resumes the rollout"},
    "config": {s: "changes the local kubeconfig" for s in (
        "set-context", "use-context", "use", "set", "unset", "set-cluster", "set-credentials",
        "delete-context", "delete-cluster", "delete-user", "rename-context")},
    "auth": {"reconcile": "creates or updates RBAC objects"},
    "set": {s: f"changes the {s} of workloads" for s in (
        "image", "env", "resources", "selector", "serviceaccount", "subject")},
}


def _kubectl_with_subverb(call: Call) -> CommandClass:
    group, p = call.verb, call.parsed
    sub = p.positionals[0] if p.positionals else ""
    call.verb = f"{group} {sub}".strip()
    rest = object_targets(p.positionals[1:], call.namespace) if group in ("rollout", "set") else []
    if sub in _SUBVERBS_READ[group]:
        return call.read(f"kubectl {call.verb} only reads", targets=rest)
    if sub in _SUBVERBS_WRITE[group]:
        if group == "set" and (p.has("local") or (sub == "env" and p.has("list"))):
            return call.read(f"kubectl {call.verb} with --local/--list only prints")
        local = group == "config"
        return call.write(f"kubectl {call.verb} {_SUBVERBS_WRITE[group][sub]}", targets=rest,
                          dry_run_applies=not local)
    return call.unknown(f"unknown 'kubectl {call.verb}'")


def _kubectl_exec(call: Call) -> CommandClass:
    inner = call.parsed.after_dashdash or call.parsed.positionals[1:]
    shown = shlex.join(inner) if inner else "a command"
    return call.unknown(f"kubectl exec runs `{shown}` inside a container; what that changes cannot be checked",
                        destructive=deletes_locally(inner), interactive=call.parsed.has("stdin", "tty"))


def _kubectl_cluster_info(call: Call) -> CommandClass:
    if call.parsed.positionals[:1] == ["dump"]:
        call.verb = "cluster-info dump"
        where = call.parsed.last("output-directory")
        return call.read("kubectl cluster-info dump only reads the cluster"
                         + (f" (it writes files under {where} locally)" if where else ""))
    return call.read("kubectl cluster-info only reads")


def _kubectl_port_forward(call: Call) -> CommandClass:
    return call.read("kubectl port-forward only reads from the cluster, but runs until interrupted",
                     interactive=True)


_KUBECTL_HANDLERS: dict[str, Callable[[Call], CommandClass]] = {
    "delete": _kubectl_delete, "drain": _kubectl_drain, "apply": _kubectl_apply, "exec": _kubectl_exec,
    "cluster-info": _kubectl_cluster_info, "port-forward": _kubectl_port_forward,
    **{group: _kubectl_with_subverb for group in _SUBVERBS_READ},
}
KUBECTL_VERBS = frozenset(KUBECTL_READ_VERBS | set(_KUBECTL_SIMPLE_WRITES) | set(_KUBECTL_HANDLERS))
