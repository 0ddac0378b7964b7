"""Static classification of command lines: would running this change anything?

The answer comes from parsing the command line the way a POSIX shell does, never
from what a model says about it. Anything the parser cannot vouch for (pipes,
command lists, substitutions, redirections, unknown programs, plugins) is
`unknown`, which the approval gate treats like a write. Deleting namespaces,
cluster-scoped objects, PVCs and Secrets also yields `confirm_text`: the word
the user must type back.
"""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, field
from enum import Enum
from typing import Callable

from pydantic import BaseModel, Field

from agent.errors import AgentError
from tools.base import Modifies


class Program(str, Enum):
    KUBECTL = "kubectl"
    HELM = "helm"
    DOCKER = "docker"
    OTHER = "other"


class Target(BaseModel):
    kind: str | None = None  # canonical, lower-case, singular: "namespace", "persistentvolumeclaim"
    name: str | None = None  # None: every object the selector (--all, -l, a file) covers
    namespace: str | None = None


class CommandClass(BaseModel):
    modifies: Modifies
    program: Program
    verb: str = ""  # "delete", "rollout restart", "compose up"
    reason: str
    destructive: bool = False  # deletes, uninstalls, drains or prunes
    confirm_text: str | None = None
    targets: list[Target] = Field(default_factory=list)
    namespace: str | None = None
    all_namespaces: bool = False
    interactive: bool = False  # streams until interrupted or wants a terminal (-w, -f, port-forward, edit, -it)
    shell_construct: str | None = None  # the pipe, list, substitution or redirection that made it unknown
    argv: list[str] = Field(default_factory=list)  # the command itself, wrappers (env, sudo, watch) removed


class UnsafeCommandLine(AgentError):
    """The line uses shell syntax (pipes, lists, substitutions, redirections) or cannot be parsed."""

    def __init__(self, construct: str) -> None:
        super().__init__(
            f"the command line contains {construct}",
            hint="give one plain command without pipes, ';', '&&', '$(...)', backticks or redirections; "
                 "filter the output yourself instead of piping it",
        )
        self.construct = construct


# ---------------------------------------------------------------------------
# Shell level: one plain command, or something a shell would do more with.
# ---------------------------------------------------------------------------

def _shell_construct(line: str) -> tuple[str | None, int]:
    """The first construct that makes `line` more than one plain command, and where a comment starts."""
    quote: str | None = None
    word_start = True
    i = 0
    while i < len(line):
        c = line[i]
        if quote == "'":
            quote = None if c == "'" else quote
            i += 1
            continue
        if c == "\\":
            i += 2
            word_start = False
            continue
        if quote == '"':
            if c == '"':
                quote = None
            elif c == "`":
                return "command substitution (backticks)", len(line)
            elif line.startswith("$(", i):
                return "command substitution $(...)", len(line)
            i += 1
            continue
        construct = _unquoted_construct(line, i)
        if construct:
            return construct, len(line)
        if c == "#" and word_start:
            return None, i
        if c in "'\"":
            quote = c
        word_start = c.isspace()
        i += 1
    if quote:
        return "an unterminated quote", len(line)
    return None, len(line)


def _unquoted_construct(line: str, i: int) -> str | None:
    c, two = line[i], line[i:i + 2]
    if two == "$(":
        return "command substitution $(...)"
    if two in ("<(", ">("):
        return "process substitution"
    if c == "`":
        return "command substitution (backticks)"
    if two == "||":
        return "a command list '||'"
    if two == "&&":
        return "a command list '&&'"
    if c == "|":
        return "a pipe '|'"
    if c == ";":
        return "a command list ';'"
    if c == "&":
        return "a background job '&'"
    if two == "<<":
        return "a here-document '<<'"
    if c in "<>":
        return f"a redirection '{c}'"
    if c in "\r\n":
        return "several lines"
    if c in "()":
        return "a subshell '(...)'"
    return None


def shell_words(line: str) -> list[str]:
    """The words of one plain command, as a POSIX shell would split them.

    Raises `UnsafeCommandLine` when the line has pipes, lists, substitutions,
    redirections, several lines or unbalanced quotes.
    """
    line = re.sub(r"\\\r?\n", "", line).strip()
    construct, comment_at = _shell_construct(line)
    if construct:
        raise UnsafeCommandLine(construct)
    try:
        return shlex.split(line[:comment_at])
    except ValueError as exc:  # shlex's own quoting complaints
        raise UnsafeCommandLine(f"unparsable quoting ({exc})") from None


def _segments(line: str) -> list[list[str]]:
    """Best-effort split of a compound line into its simple commands (for the reason text only)."""
    lexer = shlex.shlex(line.replace("\n", " ; "), posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        tokens = list(lexer)
    except ValueError:
        return []
    segments: list[list[str]] = [[]]
    skip_next = False
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token.endswith("$") and following == "(":
            token = token[:-1]
        if token in ("|", "||", "&&", ";", "&", "|&", ";;", "(", ")"):
            segments.append([])
        elif set(token) <= set("<>&") and set(token) & set("<>"):
            skip_next = True
        elif skip_next:
            skip_next = False
        elif token:
            segments[-1].append(token)
    return [s for s in segments if s]


# ---------------------------------------------------------------------------
# Flags: a small pflag-like walker (interspersed flags, -abc clusters, --x=v).
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _FlagSpec:
    takes_value: frozenset[str]  # long names that consume the next word
    short: dict[str, str]  # "-n" -> "namespace"

    def with_short(self, **overrides: str) -> "_FlagSpec":
        return _FlagSpec(self.takes_value, {**self.short, **{f"-{k}": v for k, v in overrides.items()}})


@dataclass
class _Parsed:
    positionals: list[str] = field(default_factory=list)
    flags: dict[str, list[str | None]] = field(default_factory=dict)
    after_dashdash: list[str] | None = None
    consumed: int = 0

    def has(self, *names: str) -> bool:
        """Whether any of the flags is given and not switched off (`--watch=false`)."""
        return any(n in self.flags and self.flags[n][-1] not in ("false", "0") for n in names)

    def last(self, *names: str) -> str | None:
        for name in names:
            values = [v for v in self.flags.get(name, []) if v is not None]
            if values:
                return values[-1]
        return None

    def values(self, name: str) -> list[str]:
        return [v for v in self.flags.get(name, []) if v is not None]

    def merged(self, other: "_Parsed") -> "_Parsed":
        flags = {k: list(v) for k, v in self.flags.items()}
        for k, v in other.flags.items():
            flags.setdefault(k, []).extend(v)
        dashdash = other.after_dashdash if other.after_dashdash is not None else self.after_dashdash
        return _Parsed(other.positionals, flags, dashdash, self.consumed + other.consumed)


def _is_flag(word: str) -> bool:
    return word.startswith("-") and word != "-"


def _walk(args: list[str], spec: _FlagSpec, *, until_positional: bool = False) -> _Parsed:
    """Sort `args` into flags and positionals; with `until_positional`, stop after the first positional."""
    parsed = _Parsed()

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
            elif name in spec.takes_value and nxt is not None and not _is_flag(nxt):
                add(name, nxt)
                i += 1
            else:
                add(name, None)
        elif _is_flag(word):
            for j in range(1, len(word)):
                name = spec.short.get(f"-{word[j]}", word[j])
                if name in spec.takes_value:
                    value = word[j + 1:].removeprefix("=")
                    if value:
                        add(name, value)
                    elif nxt is not None and not _is_flag(nxt):
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


def _dry_run(parsed: _Parsed) -> str | None:
    """The dry-run mode when `--dry-run` makes the call persist nothing, else None."""
    if "dry-run" not in parsed.flags:
        return None
    value = parsed.flags["dry-run"][-1]
    if value is None or value in ("client", "server", "true"):
        return value or "client"
    return None  # none / false / anything kubectl or helm would not honour


# ---------------------------------------------------------------------------
# Kinds and the type-back rule.
# ---------------------------------------------------------------------------

_KIND_ALIASES = {
    "ns": "namespace", "no": "node", "po": "pod", "svc": "service", "deploy": "deployment",
    "rs": "replicaset", "sts": "statefulset", "ds": "daemonset", "cj": "cronjob", "cm": "configmap",
    "ing": "ingress", "sa": "serviceaccount", "pv": "persistentvolume", "pvc": "persistentvolumeclaim",
    "sc": "storageclass", "crd": "customresourcedefinition", "crds": "customresourcedefinition",
    "pc": "priorityclass", "csr": "certificatesigningrequest", "netpol": "networkpolicy",
    "hpa": "horizontalpodautoscaler", "pdb": "poddisruptionbudget", "ep": "endpoints", "ev": "event",
    "limits": "limitrange", "quota": "resourcequota", "rc": "replicationcontroller", "psp": "podsecuritypolicy",
    "cs": "componentstatus", "ingresses": "ingress", "endpoints": "endpoints", "ingressclasses": "ingressclass",
    "storageclasses": "storageclass", "priorityclasses": "priorityclass", "networkpolicies": "networkpolicy",
    "podsecuritypolicies": "podsecuritypolicy", "componentstatuses": "componentstatus",
}

CLUSTER_SCOPED_KINDS = frozenset({
    "namespace", "node", "persistentvolume", "storageclass", "clusterrole", "clusterrolebinding",
    "customresourcedefinition", "priorityclass", "mutatingwebhookconfiguration",
    "validatingwebhookconfiguration", "validatingadmissionpolicy", "validatingadmissionpolicybinding",
    "apiservice", "csidriver", "csinode", "ingressclass", "runtimeclass", "volumeattachment",
    "certificatesigningrequest", "podsecuritypolicy", "componentstatus", "flowschema",
    "prioritylevelconfiguration", "volumesnapshotclass", "clusterissuer",
})
# Besides cluster-scoped kinds, deleting these loses data that cannot be recreated from manifests.
_DATA_KINDS = frozenset({"persistentvolumeclaim", "secret"})
BULK_DELETE_TOKEN = "delete-all"


def canonical_kind(word: str) -> str:
    """`deploy`, `Deployments`, `deployments.apps` -> `deployment`."""
    kind = word.lower().split(".", 1)[0]
    if kind in _KIND_ALIASES:
        return _KIND_ALIASES[kind]
    if kind.endswith("ies") and len(kind) > 4:
        return kind[:-3] + "y"
    if kind.endswith(("sses", "xes")):
        return kind[:-2]
    if kind.endswith("s") and not kind.endswith("ss"):
        return kind[:-1]
    return kind


def _is_cluster_scoped(kind: str | None) -> bool:
    return kind is not None and (kind in CLUSTER_SCOPED_KINDS or kind.startswith("cluster"))


def needs_typed_confirmation(kind: str | None) -> bool:
    return _is_cluster_scoped(kind) or kind in _DATA_KINDS


def _object_targets(positionals: list[str], namespace: str | None) -> list[Target]:
    """Targets from `TYPE NAME...`, `TYPE1,TYPE2 NAME` or `TYPE/NAME...` positionals."""
    if not positionals:
        return []

    def target(kind: str, name: str | None) -> Target:
        canon = canonical_kind(kind)
        return Target(kind=canon, name=name, namespace=None if _is_cluster_scoped(canon) else namespace)

    if any("/" in p for p in positionals):
        return [target(*p.split("/", 1)) for p in positionals if "/" in p]
    kinds, names = positionals[0].split(","), positionals[1:]
    return [target(k, n) for k in kinds if k for n in (names or [None])]


def _deletion_confirm_text(targets: list[Target], files: list[str], namespace: str | None,
                           all_namespaces: bool, names_from_stdin: bool) -> str | None:
    if files:
        return files[0] if len(files) == 1 and files[0] != "-" else BULK_DELETE_TOKEN
    sensitive = [t for t in targets if needs_typed_confirmation(t.kind)]
    if not sensitive:
        return BULK_DELETE_TOKEN if names_from_stdin and not targets else None
    names = {t.name for t in sensitive if t.name}
    bulk = names_from_stdin or any(t.name is None for t in sensitive)
    if not bulk and len(names) == 1:
        return names.pop()
    if namespace and not all_namespaces and not any(_is_cluster_scoped(t.kind) for t in sensitive):
        return namespace
    return BULK_DELETE_TOKEN


_LOCAL_DELETERS = frozenset({"rm", "rmdir", "shred", "unlink", "dd", "mkfs", "wipefs", "truncate"})


def _deletes_locally(argv: list[str]) -> bool:
    return bool(argv) and os.path.basename(argv[0]) in _LOCAL_DELETERS


# ---------------------------------------------------------------------------
# Invocation shared by the per-program classifiers.
# ---------------------------------------------------------------------------

@dataclass
class _Context:
    names_from_stdin: bool = False  # under xargs: the object names arrive on stdin


@dataclass
class _Call:
    program: Program
    verb: str
    parsed: _Parsed
    argv: list[str]
    ctx: _Context
    namespace: str | None = None
    all_namespaces: bool = False

    def result(self, modifies: Modifies, reason: str, **kw: object) -> CommandClass:
        return CommandClass(modifies=modifies, program=self.program, verb=self.verb, reason=reason,
                            namespace=self.namespace, all_namespaces=self.all_namespaces, argv=self.argv, **kw)

    def read(self, reason: str, **kw: object) -> CommandClass:
        return self.result(Modifies.NO, reason, **kw)

    def unknown(self, reason: str, **kw: object) -> CommandClass:
        return self.result(Modifies.UNKNOWN, reason, **kw)

    def write(self, reason: str, *, destructive: bool = False, confirm_text: str | None = None,
              dry_run_applies: bool = True, **kw: object) -> CommandClass:
        mode = _dry_run(self.parsed) if dry_run_applies else None
        if mode:
            return self.read(f"--dry-run={mode}: {reason}, but nothing is persisted", **kw)
        return self.result(Modifies.YES, reason, destructive=destructive, confirm_text=confirm_text, **kw)


# ---------------------------------------------------------------------------
# kubectl
# ---------------------------------------------------------------------------

_KUBECTL_VALUE_FLAGS = frozenset({
    # global
    "namespace", "context", "kubeconfig", "cluster", "user", "server", "token", "as", "as-group", "as-uid",
    "certificate-authority", "client-certificate", "client-key", "request-timeout", "cache-dir",
    "tls-server-name", "v", "vmodule", "log-file", "log-dir", "username", "password", "profile",
    "profile-output", "log-flush-frequency", "log-backtrace-at", "log-file-max-size", "stderrthreshold",
    # per command
    "output", "selector", "filename", "kustomize", "container", "field-selector", "sort-by", "template",
    "patch", "type", "replicas", "image", "port", "target-port", "timeout", "since", "since-time", "tail",
    "for", "grace-period", "chunk-size", "label-columns", "field-manager", "raw", "subresource",
    "resource-version", "current-replicas", "min", "max", "cpu-percent", "name", "protocol", "external-ip",
    "labels", "env", "restart", "overrides", "limits", "requests", "serviceaccount", "address",
    "pod-running-timeout", "revision", "to-revision", "max-log-requests", "limit-bytes", "from-literal",
    "from-file", "from-env-file", "docker-server", "docker-username", "docker-password", "docker-email",
    "cert", "key", "clusterrole", "role", "group", "verb", "resource", "resource-name", "non-resource-url",
    "schedule", "image-pull-policy", "pod-selector", "skip-wait-for-delete-timeout", "api-group",
    "api-version", "copy-to", "target", "output-directory", "namespaces", "cluster-ip", "load-balancer-ip",
    "session-affinity", "duration", "audience", "bound-object-kind", "bound-object-name", "from",
    "auth-provider", "auth-provider-arg", "exec-command", "exec-api-version", "exec-arg", "exec-env",
    "custom-columns", "columns", "attach-timeout", "retries", "sleep", "query", "prune-allowlist",
    "node-selector", "default-container", "selector-overwrite", "containers", "rule", "class",
    "default-backend", "annotation", "field",
})
_KUBECTL_SHORT = {
    "-n": "namespace", "-o": "output", "-l": "selector", "-f": "filename", "-k": "kustomize",
    "-c": "container", "-A": "all-namespaces", "-w": "watch", "-i": "stdin", "-t": "tty", "-p": "patch",
    "-s": "server", "-v": "v", "-L": "label-columns", "-R": "recursive", "-q": "quiet", "-h": "help",
    "-a": "all", "-r": "restart",
}
_KUBECTL = _FlagSpec(_KUBECTL_VALUE_FLAGS, _KUBECTL_SHORT)
_KUBECTL_BY_VERB = {
    "logs": _KUBECTL.with_short(f="follow", p="previous"),
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


def _kubectl(argv: list[str], ctx: _Context) -> CommandClass:
    args = argv[1:]
    head = _walk(args, _KUBECTL, until_positional=True)
    verb = head.positionals[0] if head.positionals else ""
    body = _walk(args[head.consumed:], _KUBECTL_BY_VERB.get(verb, _KUBECTL))
    parsed = head.merged(body)
    call = _Call(Program.KUBECTL, verb, parsed, argv, ctx, namespace=parsed.last("namespace"),
                 all_namespaces=parsed.has("all-namespaces"))
    result = _kubectl_verb(call)
    if result.modifies is Modifies.NO and parsed.has("enable-exec", "enable-alpha-plugins"):
        return call.unknown("kustomize exec/alpha plugins run local programs; what they do cannot be checked")
    return result


def _kubectl_verb(call: _Call) -> CommandClass:
    verb = call.verb
    if not verb:
        return _no_subcommand(call)
    handler = _KUBECTL_HANDLERS.get(verb)
    if handler:
        return handler(call)
    if verb in KUBECTL_READ_VERBS:
        return _kubectl_read(call)
    if verb in _KUBECTL_SIMPLE_WRITES:
        return _kubectl_simple_write(call)
    return call.unknown(f"'kubectl {verb}' is not a built-in kubectl command (a plugin can do anything)")


def _no_subcommand(call: _Call) -> CommandClass:
    if call.parsed.after_dashdash:
        return call.unknown(f"{call.program.value} with arguments after `--` but no subcommand")
    return call.read(f"{call.program.value} without a subcommand prints help")


def _kubectl_read(call: _Call) -> CommandClass:
    p = call.parsed
    streams = (call.verb in ("get", "events") and p.has("watch", "watch-only")) or \
              (call.verb == "logs" and p.has("follow"))
    targets = _object_targets(p.positionals, call.namespace) if call.verb in ("get", "describe") else []
    return call.read(f"kubectl {call.verb} only reads", interactive=streams, targets=targets)


def _kubectl_simple_write(call: _Call) -> CommandClass:
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
        targets = _object_targets(p.positionals[:1] if verb in ("label", "annotate") else p.positionals,
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


def _kubectl_delete(call: _Call) -> CommandClass:
    p = call.parsed
    targets = _object_targets(p.positionals, call.namespace)
    files = p.values("filename") + p.values("kustomize")
    confirm = _deletion_confirm_text(targets, files, call.namespace, call.all_namespaces,
                                     call.ctx.names_from_stdin)
    what = ", ".join(f"{t.kind}/{t.name or '*'}" for t in targets) or ", ".join(files) or "objects"
    return call.write(f"kubectl delete deletes {what}", destructive=True, confirm_text=confirm, targets=targets)


def _kubectl_drain(call: _Call) -> CommandClass:
    nodes = call.parsed.positionals
    targets = [Target(kind="node", name=n) for n in nodes]
    confirm = nodes[0] if len(nodes) == 1 and not call.parsed.has("selector") else "drain-all"
    return call.write("kubectl drain evicts every pod from the node", destructive=True, confirm_text=confirm,
                      targets=targets)


def _kubectl_apply(call: _Call) -> CommandClass:
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


def _kubectl_with_subverb(call: _Call) -> CommandClass:
    group, p = call.verb, call.parsed
    sub = p.positionals[0] if p.positionals else ""
    call.verb = f"{group} {sub}".strip()
    rest = _object_targets(p.positionals[1:], call.namespace) if group in ("rollout", "set") else []
    if sub in _SUBVERBS_READ[group]:
        return call.read(f"kubectl {call.verb} only reads", targets=rest)
    if sub in _SUBVERBS_WRITE[group]:
        if group == "set" and (p.has("local") or (sub == "env" and p.has("list"))):
            return call.read(f"kubectl {call.verb} with --local/--list only prints")
        local = group == "config"
        return call.write(f"kubectl {call.verb} {_SUBVERBS_WRITE[group][sub]}", targets=rest,
                          dry_run_applies=not local)
    return call.unknown(f"unknown 'kubectl {call.verb}'")


def _kubectl_exec(call: _Call) -> CommandClass:
    inner = call.parsed.after_dashdash or call.parsed.positionals[1:]
    shown = shlex.join(inner) if inner else "a command"
    return call.unknown(f"kubectl exec runs `{shown}` inside a container; what that changes cannot be checked",
                        destructive=_deletes_locally(inner), interactive=call.parsed.has("stdin", "tty"))


def _kubectl_cluster_info(call: _Call) -> CommandClass:
    if call.parsed.positionals[:1] == ["dump"]:
        call.verb = "cluster-info dump"
        where = call.parsed.last("output-directory")
        return call.read("kubectl cluster-info dump only reads the cluster"
                         + (f" (it writes files under {where} locally)" if where else ""))
    return call.read("kubectl cluster-info only reads")


def _kubectl_port_forward(call: _Call) -> CommandClass:
    return call.read("kubectl port-forward only reads from the cluster, but runs until interrupted",
                     interactive=True)


_KUBECTL_HANDLERS: dict[str, Callable[[_Call], CommandClass]] = {
    "delete": _kubectl_delete, "drain": _kubectl_drain, "apply": _kubectl_apply, "exec": _kubectl_exec,
    "cluster-info": _kubectl_cluster_info, "port-forward": _kubectl_port_forward,
    **{group: _kubectl_with_subverb for group in _SUBVERBS_READ},
}
KUBECTL_VERBS = frozenset(KUBECTL_READ_VERBS | set(_KUBECTL_SIMPLE_WRITES) | set(_KUBECTL_HANDLERS))


# ---------------------------------------------------------------------------
# helm
# ---------------------------------------------------------------------------

_HELM = _FlagSpec(frozenset({
    "namespace", "kube-context", "kubeconfig", "kube-apiserver", "kube-token", "kube-as-user", "kube-as-group",
    "kube-ca-file", "kube-tls-server-name", "registry-config", "repository-config", "repository-cache",
    "burst-limit", "qps", "values", "set", "set-string", "set-file", "set-json", "set-literal", "version",
    "repo", "timeout", "output", "description", "post-renderer", "post-renderer-args", "username", "password",
    "ca-file", "cert-file", "key-file", "history-max", "max", "revision", "name-template", "destination",
    "untardir", "app-version", "keyring", "output-dir", "api-versions", "kube-version", "show-only",
    "selector", "url", "merge", "time-format", "filter", "offset", "labels", "max-col-width", "template",
    "cascade", "key", "depth", "server-side", "content-cache", "color", "colour",
}), {"-n": "namespace", "-f": "values", "-o": "output", "-a": "all", "-A": "all-namespaces", "-q": "short",
     "-i": "install", "-g": "generate-name", "-d": "destination", "-l": "selector", "-h": "help",
     "-m": "max", "-r": "reverse"})

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


def _helm(argv: list[str], ctx: _Context) -> CommandClass:
    args = argv[1:]
    head = _walk(args, _HELM, until_positional=True)
    raw = head.positionals[0] if head.positionals else ""
    verb = _HELM_ALIASES.get(raw, raw)
    parsed = head.merged(_walk(args[head.consumed:], _HELM))
    call = _Call(Program.HELM, verb, parsed, argv, ctx, namespace=parsed.last("namespace"),
                 all_namespaces=parsed.has("all-namespaces"))
    result = _helm_verb(call, raw)
    if result.modifies is Modifies.NO and parsed.has("post-renderer"):
        return call.unknown("--post-renderer runs a local program on the manifests; what it does cannot be checked")
    if result.modifies is Modifies.NO and parsed.has("dependency-update"):
        return call.result(Modifies.YES, "--dependency-update downloads chart dependencies into charts/")
    return result


def _helm_verb(call: _Call, raw: str) -> CommandClass:
    verb, parsed = call.verb, call.parsed
    pos = parsed.positionals
    if not verb:
        return _no_subcommand(call)
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


# ---------------------------------------------------------------------------
# docker
# ---------------------------------------------------------------------------

_DOCKER = _FlagSpec(frozenset({
    "host", "context", "config", "log-level", "tlscacert", "tlscert", "tlskey",
    "file", "project-name", "profile", "env-file", "project-directory", "ansi", "progress", "parallel",
    "output", "env", "user", "workdir", "detach-keys", "name", "format", "filter", "tag", "platform",
    "network", "volume", "publish", "label", "mount", "entrypoint", "memory", "cpus", "hostname", "time",
    "signal", "builder", "target", "build-arg", "cache-from", "cache-to", "since", "until", "tail",
    "username", "password", "input", "message", "author", "change", "driver", "subnet", "gateway", "opt",
}), {"-H": "host", "-c": "context", "-l": "log-level", "-D": "debug", "-f": "file", "-p": "project-name",
     "-o": "output", "-e": "env", "-u": "user", "-w": "workdir", "-i": "interactive", "-t": "tty",
     "-d": "detach", "-v": "volume", "-q": "quiet", "-a": "all", "-s": "signal", "-m": "message",
     "-h": "help"})
_DOCKER_RUN = _FlagSpec(_DOCKER.takes_value, {**_DOCKER.short, "-p": "publish", "-t": "tty", "-l": "label",
                                               "-m": "memory", "-h": "hostname", "-a": "attach"})
_DOCKER_BUILD = _FlagSpec(_DOCKER.takes_value, {**_DOCKER.short, "-t": "tag", "-f": "file"})
_DOCKER_LOGS = _DOCKER.with_short(f="follow", t="timestamps", n="tail")

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


def _docker(argv: list[str], ctx: _Context) -> CommandClass:
    args = argv[1:]
    head = _walk(args, _DOCKER, until_positional=True)
    verb = head.positionals[0] if head.positionals else ""
    call = _Call(Program.DOCKER, verb, head, argv, ctx)
    rest = args[head.consumed:]
    if not verb:
        return _no_subcommand(call)
    if verb == "ai":
        return call.unknown("docker ai is an agent: it can run containers and commands on its own")
    if verb in _DOCKER_GROUPS:
        return _docker_group(call, rest)
    return _docker_verb(call, verb, rest, group="")


def _docker_group(call: _Call, rest: list[str]) -> CommandClass:
    group = call.verb
    sub_parsed = _walk(rest, _DOCKER, until_positional=True)
    sub = sub_parsed.positionals[0] if sub_parsed.positionals else ""
    remaining = rest[sub_parsed.consumed:]
    if group == "buildx" and sub == "imagetools" and remaining[:1]:
        sub = f"imagetools {remaining[0]}"
        remaining = remaining[1:]
    call.verb = f"{group} {sub}".strip()
    call.parsed = call.parsed.merged(sub_parsed)
    if not sub:
        return call.read(f"docker {group} without a subcommand prints help")
    if sub in _DOCKER_GROUPS[group]:
        return _docker_verb(call, sub, remaining, group=group, known_read=True)
    return _docker_verb(call, sub, remaining, group=group)


def _docker_verb(call: _Call, verb: str, rest: list[str], *, group: str, known_read: bool = False) -> CommandClass:
    spec = {"run": _DOCKER_RUN, "exec": _DOCKER_RUN, "create": _DOCKER_RUN, "build": _DOCKER_BUILD,
            "logs": _DOCKER_LOGS}.get(verb, _DOCKER)
    interspersed = verb not in ("run", "exec", "create")
    parsed = _walk(rest, spec, until_positional=not interspersed)
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
    destructive = verb in _DOCKER_DESTRUCTIVE or (verb == "exec" and _deletes_locally(command))
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


# ---------------------------------------------------------------------------
# Wrappers (env, sudo, watch, xargs, ...) and dispatch.
# ---------------------------------------------------------------------------

_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
# Environment variables that only pick the cluster, registry, proxy or locale. Others (KUBE_EDITOR,
# KUBECTL_EXTERNAL_DIFF, LD_PRELOAD, PATH, ...) can make a reading command run another program.
_HARMLESS_ENV = re.compile(
    r"^(KUBECONFIG|KUBECACHEDIR|(HTTPS?|NO|ALL)_PROXY|(https?|no|all)_proxy"
    r"|HELM_(NAMESPACE|KUBECONTEXT|KUBECONFIG|DEBUG|DRIVER|MAX_HISTORY|KUBEAPISERVER|KUBEASUSER|KUBEASGROUPS"
    r"|KUBECAFILE|KUBETLS_SERVER_NAME|BURST_LIMIT|QPS|REGISTRY_CONFIG|REPOSITORY_CONFIG|REPOSITORY_CACHE)"
    r"|DOCKER_(HOST|CONTEXT|CONFIG|BUILDKIT|DEFAULT_PLATFORM|TLS_VERIFY|CERT_PATH|CLI_HINTS|API_VERSION)"
    r"|COMPOSE_(FILE|PROJECT_NAME|PROFILES|ENV_FILES)|BUILDKIT_PROGRESS|AWS_(PROFILE|REGION|DEFAULT_REGION)"
    r"|CLOUDSDK_[A-Z_]+|LANG|LC_[A-Z]+|TZ|TERM|NO_COLOR|COLUMNS)$")
_WRAPPER_VALUE_FLAGS: dict[str, frozenset[str]] = {
    "sudo": frozenset("ugpChDrtUT"), "env": frozenset("uCS"), "nice": frozenset("n"),
    "timeout": frozenset("sk"), "xargs": frozenset("nPILdEsa"), "watch": frozenset("nq"),
    "command": frozenset(), "time": frozenset("fo"), "nohup": frozenset(), "exec": frozenset("a"),
}
_WRAPPER_LONG_VALUES = frozenset({"user", "group", "prompt", "unset", "chdir", "adjustment", "signal",
                                  "kill-after", "max-args", "max-procs", "replace", "delimiter", "eof",
                                  "max-chars", "arg-file", "interval", "max-lines", "equexit", "format",
                                  "output"})


def _unwrap(words: list[str], wrapper: str) -> list[str]:
    """The words of the wrapped command once `wrapper` and its options are dropped."""
    values = _WRAPPER_VALUE_FLAGS[wrapper]
    i = 1
    while i < len(words):
        word = words[i]
        if word == "--":
            return words[i + 1:]
        if word.startswith("--"):
            name, eq, _ = word[2:].partition("=")
            i += 2 if (not eq and name in _WRAPPER_LONG_VALUES) else 1
            continue
        if _is_flag(word) and not (wrapper == "nice" and word[1:].isdigit()):
            takes = word[1] in values and len(word) == 2
            i += 2 if takes else 1
            continue
        if _is_flag(word):
            i += 1
            continue
        if wrapper == "env" and _ASSIGNMENT.match(word):
            i += 1
            continue
        if wrapper == "timeout":  # the first word is the duration
            return words[i + 1:]
        return words[i:]
    return []


def _watch_command(words: list[str]) -> tuple[list[str] | str, bool]:
    """watch joins its arguments and runs them with `sh -c`, unless -x/--exec says argv."""
    rest = _unwrap(words, "watch")
    flags = words[1:len(words) - len(rest)]
    exec_mode = any(f in ("-x", "--exec") or (f.startswith("-") and not f.startswith("--") and "x" in f)
                    for f in flags)
    return (rest if exec_mode else " ".join(rest)), exec_mode


_DISPATCH: dict[str, Callable[[list[str], _Context], CommandClass]] = {
    "kubectl": _kubectl, "helm": _helm, "docker": _docker,
}
KUBECTL_ALIASES = frozenset({"k", "kc", "kub"})


def _program_name(word: str) -> str:
    name = os.path.basename(word)
    return name[:-4] if name.lower().endswith(".exe") else name


def _classify_words(words: list[str], ctx: _Context) -> CommandClass:
    words = list(words)
    via: list[str] = []
    assigned: list[str] = []
    while words:
        head = _program_name(words[0])
        if _ASSIGNMENT.match(words[0]):
            assigned.append(words[0].split("=", 1)[0])
            words = words[1:]
            continue
        if head == "watch":
            inner, exec_mode = _watch_command(words)
            result = _classify_words(inner, ctx) if exec_mode else classify(inner)
            return result.model_copy(update={
                "interactive": True, "reason": f"watch re-runs it until interrupted; {result.reason}"})
        if head in _WRAPPER_VALUE_FLAGS:
            if head == "xargs":
                ctx.names_from_stdin = True
            via.append(head)
            rest = _unwrap(words, head)
            if head == "env":
                assigned += [w.split("=", 1)[0] for w in words[1:len(words) - len(rest)] if _ASSIGNMENT.match(w)]
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
    if program in _DISPATCH:
        result = _DISPATCH[program](words, ctx)
    elif program in KUBECTL_ALIASES:
        as_kubectl = _kubectl(words, ctx)
        result = as_kubectl.model_copy(update={
            "modifies": Modifies.UNKNOWN, "program": Program.OTHER,
            "reason": f"'{program}' is usually an alias for kubectl, but aliases only exist in an interactive "
                      f"shell; spell out kubectl ({as_kubectl.reason})"})
    else:
        result = CommandClass(
            modifies=Modifies.UNKNOWN, program=Program.OTHER, verb=program, argv=words,
            destructive=_deletes_locally(words),
            reason=f"'{program}' is not kubectl, helm or docker: what it changes cannot be checked statically")
    if "xargs" in via:
        result = result.model_copy(update={"reason": f"via xargs (arguments arrive on stdin): {result.reason}"})
    risky = [name for name in assigned if not _HARMLESS_ENV.match(name)]
    if risky and result.modifies is Modifies.NO:
        result = result.model_copy(update={
            "modifies": Modifies.UNKNOWN,
            "reason": f"the environment variable {', '.join(risky)} can change what it runs; {result.reason}"})
    return result


def _classify_compound(line: str, construct: str) -> CommandClass:
    parts = [_classify_words(words, _Context()) for words in _segments(line)]
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
    return _classify_words(words, _Context())
