"""Understanding a question: which objects, kinds, symptoms and namespace it is about.

Names are matched against the cluster state: exactly (`backend-7d9f-x2`), by prefix
(`backend` -> `backend-7d9f-x2`), by app label or container name. A word that is
clearly meant as a name (next to a kind word, `kind/name`, quoted, or shaped like
`my-app-1`) but matches nothing is reported as missing, with the closest names.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from agent.diagnosis.sources.kinds import kind_from_word
from agent.diagnosis.state import ClusterState, Obj, labels_of, name_of, namespace_of

Ref = tuple[str, str | None, str]  # (kind, namespace, name)

NAMED_KINDS = (
    "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Service",
    "Ingress", "PersistentVolumeClaim", "HorizontalPodAutoscaler", "ConfigMap", "Secret", "Node",
    "NetworkPolicy", "PersistentVolume", "ServiceAccount", "PodDisruptionBudget",
)
APP_LABELS = ("app", "app.kubernetes.io/name", "app.kubernetes.io/instance", "k8s-app", "component")

STOPWORDS = frozenset("""
a an the my our your their its this that these those is are was were be been being am do does did doing
has have had why what which who whom whose when where how many much any some all every each no not
none nothing it they them there here i we you he she me us in on at of for to from by with without
into onto over under about after before and or but if then than so just only also very too can could
should would will shall may might must keep keeps kept stuck stay stays still again always never get
gets got getting show shows tell list give find check see look going go goes fine ok okay work
works working broken wrong issue issues problem problems error errors fail fails failed failing
failure happening happen happens up down out cluster app application apps running run runs status
state please help me now right new old since because while being healthy unhealthy doesnt dont
isnt arent wont cant cannot does't mean means reason reasons cause causes caused root fix fixing
isn doesn don aren won wasn weren didn hasn haven couldn shouldn wouldn
reachable unreachable accessible available unavailable ready start starts started starting
restart restarts restarted restarting crash crashes crashed crashing loop looping back backoff
crashloopbackoff pending image images pull pulling pulled version tag tags count number times
logs log line lines port forward port-forward locally localhost access reach latest recent last
""".split())

# words in a question that name a symptom or concern, normalized to a topic
TOPICS: dict[str, tuple[str, ...]] = {
    "crash": ("crash", "crashloop", "crashloopbackoff", "crashing", "crashes", "crashed", "restart",
              "restarting", "restarts", "backoff", "exit", "exited", "dying", "dies"),
    "oom": ("oom", "oomkilled", "memory", "killed"),
    "pending": ("pending", "schedule", "scheduling", "unschedulable", "scheduled", "insufficient"),
    "image": ("image", "pull", "pulling", "imagepullbackoff", "errimagepull", "registry", "tag"),
    "probe": ("probe", "probes", "liveness", "readiness", "startup", "healthcheck", "ready", "unready"),
    "service": ("service", "services", "svc", "endpoint", "endpoints", "selector", "reachable",
                "unreachable", "connect", "connection", "traffic", "502", "503"),
    "ingress": ("ingress", "ingresses", "host", "path", "404", "tls"),
    "volume": ("pvc", "pvcs", "volume", "volumes", "storage", "mount", "mounted", "disk",
               "persistentvolumeclaim", "storageclass", "pv"),
    "config": ("config", "configmap", "secret", "secrets", "env", "environment", "variable", "missing"),
    "rollout": ("rollout", "rolling", "deploy", "deployment", "replicas", "update", "progressing",
                "stuck", "revision", "rollback"),
    "job": ("job", "jobs", "cronjob", "cronjobs", "backofflimit", "completed", "completion"),
    "hpa": ("hpa", "autoscaler", "autoscaling", "scale", "scaling", "metrics", "cpu"),
    "node": ("node", "nodes", "notready", "pressure", "taint", "taints", "drain", "cordon", "kubelet"),
    "network": ("network", "networkpolicy", "netpol", "policy", "policies", "blocked", "firewall", "egress"),
    "dns": ("dns", "resolve", "resolution", "coredns", "nslookup", "lookup", "hostname"),
    "rbac": ("rbac", "forbidden", "permission", "permissions", "role", "rolebinding", "serviceaccount",
             "unauthorized", "403"),
    "quota": ("quota", "resourcequota", "limitrange", "exceeded", "limits"),
}
WORD_TOPIC: dict[str, str] = {w: topic for topic, words in TOPICS.items() for w in words}

TOKEN = re.compile(r"(?:(?<=\s)|^)([`'\"])([A-Za-z0-9][A-Za-z0-9._/:=-]*)\1|[A-Za-z0-9](?:[A-Za-z0-9._/:=-]*[A-Za-z0-9])?")
NAME_SHAPE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$|^[a-z]+[0-9]+$")


@dataclass
class Missing:
    word: str
    kind: str | None
    suggestions: list[str]


@dataclass
class Question:
    text: str
    words: list[str]
    kinds: set[str] = field(default_factory=set)
    topics: set[str] = field(default_factory=set)
    namespace: str | None = None
    mentioned: list[Ref] = field(default_factory=list)  # objects the question names
    missing: list[Missing] = field(default_factory=list)
    label_selector: dict[str, str] = field(default_factory=dict)


def tokenize(text: str) -> list[tuple[str, bool]]:
    """(lowercased token, was quoted) pairs; contractions (`what's`, `isn't`) lose their tail."""
    out = []
    for m in TOKEN.finditer(text):
        if m.group(2):
            out.append((m.group(2).lower().rstrip(".:"), True))
            continue
        out.append((m.group(0).lower().rstrip(".:"), False))
    return [(t, q) for t, q in out if t and t not in ("s", "t", "re", "ve", "ll", "d", "m")]


def parse_question(text: str, state: ClusterState, namespace: str | None = None) -> Question:
    tokens = tokenize(text)
    words = [t for t, _ in tokens]
    q = Question(text=text, words=words, namespace=namespace)
    known_namespaces = set(state.namespaces())
    for i, (word, quoted) in enumerate(tokens):
        topic = WORD_TOPIC.get(word)
        if topic:
            q.topics.add(topic)
        kind = kind_from_word(word)
        if kind and not quoted:
            q.kinds.add(kind)
            continue
        if "=" in word:
            key, _, value = word.partition("=")
            if key and value:
                q.label_selector[key] = value
            continue
        prev = words[i - 1] if i else ""
        nxt = words[i + 1] if i + 1 < len(words) else ""
        names_namespace = prev in ("namespace", "ns", "-n", "--namespace") or nxt in ("namespace", "ns")
        if names_namespace and (quoted or word not in STOPWORDS):
            if word in known_namespaces:
                q.namespace = word
            else:
                q.missing.append(Missing(word, "Namespace", _closest(word, sorted(known_namespaces))))
            continue
        if word in known_namespaces and prev in ("in", "from", "of") and not quoted:
            q.namespace = q.namespace or word
            continue
        kind_hint, name = _split_kind_name(word)
        if kind_hint is None and (kind_from_word(prev) or kind_from_word(nxt)):
            kind_hint = kind_from_word(nxt) or kind_from_word(prev)
        if not quoted and "/" not in word and name in STOPWORDS:
            continue
        refs = match_name(state, name, kind_hint if "/" in word else None, q.namespace)
        if refs:
            q.mentioned.extend(r for r in refs if r not in q.mentioned)
            continue
        if name in known_namespaces:
            q.namespace = q.namespace or name
            continue
        if name in WORD_TOPIC or name.isdigit():
            continue
        closest = _closest(name, candidate_names(state, kind_hint))
        meant_as_name = quoted or "/" in word or kind_hint is not None or bool(NAME_SHAPE.match(name))
        # a word this close to a name is a misspelt name ("frontnd"), not an English word
        misspelt = len(name) >= 4 and bool(difflib.get_close_matches(name, _name_parts(state), n=1, cutoff=0.8))
        if meant_as_name or misspelt:
            q.missing.append(Missing(name, kind_hint, closest))
    q.mentioned = _without_owned(state, q.mentioned)
    return q


def _name_parts(state: ClusterState) -> list[str]:
    names = candidate_names(state, None)
    return sorted(set(names) | {part for n in names for part in n.split("-") if len(part) >= 4})


def _without_owned(state: ClusterState, refs: list[Ref]) -> list[Ref]:
    """Drop pods and replica sets whose owner is named too: `frontend` means the Deployment, not each replica."""
    from agent.diagnosis.relations import owners

    named = set(refs)
    kept = []
    for ref in refs:
        obj = state.get(*ref)
        if obj is not None and any((o.get("kind"), namespace_of(o), name_of(o)) in named for o in owners(state, obj)):
            continue
        kept.append(ref)
    return kept


def _split_kind_name(word: str) -> tuple[str | None, str]:
    if "/" in word:
        head, _, tail = word.partition("/")
        kind = kind_from_word(head)
        if kind:
            return kind, tail
    return None, word


def match_name(state: ClusterState, name: str, kind: str | None, namespace: str | None) -> list[Ref]:
    """Objects this word names: exactly; else by prefix (`backend-`), app label or container name;
    else as one dash-separated part of a name (`chatbot` -> `frontend-chatbot`)."""
    kinds = (kind,) if kind else NAMED_KINDS
    tiers: tuple[list[Ref], list[Ref], list[Ref]] = ([], [], [])
    for k in kinds:
        for obj in state.of_kind(k, namespace):
            n = name_of(obj)
            ref = (k, namespace_of(obj), n)
            if n == name:
                tiers[0].append(ref)
            elif n.startswith(name + "-") or name in _app_names(obj) or name in _container_names(obj):
                tiers[1].append(ref)
            elif len(name) >= 3 and name in n.split("-"):
                tiers[2].append(ref)
    return next((t for t in tiers if t), [])


def _app_names(obj: Obj) -> set[str]:
    labels = labels_of(obj)
    return {labels[k].lower() for k in APP_LABELS if k in labels}


def _container_names(obj: Obj) -> set[str]:
    if obj.get("kind") != "Pod":
        return set()
    return {c.get("name", "") for c in (obj.get("spec") or {}).get("containers") or []}


def candidate_names(state: ClusterState, kind: str | None) -> list[str]:
    kinds = (kind,) if kind else NAMED_KINDS
    names: set[str] = set()
    for k in kinds:
        for obj in state.of_kind(k):
            names.add(name_of(obj))
            names.update(_app_names(obj))
    return sorted(n for n in names if n)


def _closest(word: str, names: list[str]) -> list[str]:
    return difflib.get_close_matches(word, names, n=3, cutoff=0.5)
