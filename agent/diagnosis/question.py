"""Understanding a question: which objects, kinds, symptoms and namespace it is about.

A word is an object name only if it looks like a Kubernetes name and either matches
an object (exactly `backend-7d9f-x2`, by prefix `backend`, by app label or container
name, or as a dash-separated part of a workload's name `chatbot`) or stands where a
name stands: after a kind word (`deployment payments`), in `kind/name` form, or
quoted. Only those, and near-misspellings of existing names, are reported missing,
with the closest names. Stop-words never become names. Hosts and URLs
(`http://todo.local/api`) are answered as the Ingress serving that host.
Cluster-scoped kinds (nodes, PVs, storage classes) are looked up without a namespace.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from agent.kube.kinds import kind_from_word
from agent.diagnosis.state import CLUSTER_SCOPED, ClusterState, Obj, labels_of, name_of, namespace_of

Ref = tuple[str, str | None, str]  # (kind, namespace, name)

NAMED_KINDS = (
    "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Service",
    "Ingress", "PersistentVolumeClaim", "HorizontalPodAutoscaler", "ConfigMap", "Secret", "Node",
    "NetworkPolicy", "PersistentVolume", "ServiceAccount", "PodDisruptionBudget", "StorageClass", "IngressClass",
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
exist exists existing other another same both one two three first second third whole
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

TOKEN = re.compile(
    r"(?:(?<=[\s(\[,])|^)(?P<quote>[`'\"])(?P<quoted>[A-Za-z0-9][A-Za-z0-9._/:=-]*)(?P=quote)(?![A-Za-z0-9])"
    r"|[A-Za-z0-9](?:[A-Za-z0-9._/:=-]*[A-Za-z0-9])?")
CONTRACTION_TAILS = frozenset({"s", "t", "re", "ve", "ll", "d", "m"})
# a DNS-1123 name with at least one letter: what `metadata.name` can be
K8S_NAME = re.compile(r"^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
# shaped like a generated or compound name (`my-app-1`, `web2`), which English words rarely are
NAME_SHAPE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)+$|^[a-z]+[0-9]+$")
HOST = re.compile(r"^(\*\.)?([a-z0-9-]+\.)+[a-z][a-z0-9-]*$")
DETERMINERS = frozenset({"the", "a", "an", "my", "our", "your", "their", "this", "that", "its"})
MAX_LISTED = 5
NAMESPACE_FLAGS = frozenset({"namespace", "ns", "-n", "--namespace"})
# kinds people call by one dash-separated part of the name ("chatbot" for frontend-chatbot); a
# claim, secret or config map is named by its whole name ("backups" is not PVC db-backups)
NICKNAMED_KINDS = frozenset({"Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob",
                             "Service", "Ingress", "HorizontalPodAutoscaler"})


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
    hosts: dict[Ref, str] = field(default_factory=dict)  # Ingress -> the host (or URL host) the question named


def tokenize(text: str) -> list[tuple[str, bool]]:
    """(lowercased token, was quoted) pairs; contractions (`what's`, `isn't`) lose their tail."""
    out = []
    for m in TOKEN.finditer(text):
        quoted = m.group("quoted")
        token = (quoted or m.group(0)).lower().rstrip(".:")
        if token and token not in CONTRACTION_TAILS:
            out.append((token, bool(quoted)))
    return out


def topics_of(word: str) -> set[str]:
    """Topics a word names, also inside status tokens (`Init:CrashLoopBackOff` -> crash)."""
    parts = {word, *re.split(r"[:/]", word)}
    return {WORD_TOPIC[p] for p in parts if p in WORD_TOPIC}


def parse_question(text: str, state: ClusterState, namespace: str | None = None) -> Question:
    tokens = tokenize(text)
    words = [t for t, _ in tokens]
    q = Question(text=text, words=words, namespace=namespace)
    known_namespaces = set(state.namespaces())
    for i, (word, quoted) in enumerate(tokens):
        q.topics |= topics_of(word)
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
        names_namespace = prev in NAMESPACE_FLAGS or nxt in ("namespace", "ns")
        if names_namespace and word not in STOPWORDS:
            if word in known_namespaces:
                q.namespace = word
            else:
                q.missing.append(Missing(word, "Namespace", _closest(word, sorted(known_namespaces))))
            continue
        if word in known_namespaces and prev in ("in", "from", "of") and not quoted:
            q.namespace = q.namespace or word
            continue
        host = host_of(word)
        if host and not match_name(state, word, None, q.namespace):
            _read_host(state, q, host, is_url="://" in word)
            continue
        _read_name(state, q, tokens, i, known_namespaces)
    q.mentioned = _without_owned(state, q.mentioned)
    return q


def host_of(word: str) -> str | None:
    """The host of a URL (`http://todo.local/api`) or of a host-shaped word (`todo.local/api`)."""
    if "://" in word:
        return urlsplit(word).hostname
    head = word.split("/", 1)[0].split(":", 1)[0]
    return head if HOST.match(head) else None


def ingresses_serving(state: ClusterState, host: str, namespace: str | None) -> list[Obj]:
    def serves(pattern: str) -> bool:
        if pattern.startswith("*."):
            return host.endswith(pattern[1:]) and "." not in host[: -len(pattern) + 1]
        return pattern == host

    found = []
    for ing in state.of_kind("Ingress", namespace):
        spec = ing.get("spec") or {}
        hosts = [r.get("host") or "" for r in spec.get("rules") or []]
        hosts += [h for t in spec.get("tls") or [] for h in t.get("hosts") or []]
        if any(serves(h.lower()) for h in hosts if h):
            found.append(ing)
    return found


def _read_host(state: ClusterState, q: Question, host: str, is_url: bool) -> None:
    """A host is answered as the Ingress serving it; a host no Ingress serves is not a missing object
    (and a host-shaped word no Ingress serves, like `settings.yaml`, is not about ingresses at all)."""
    serving = ingresses_serving(state, host, q.namespace)
    if serving or is_url:
        q.topics.add("ingress")
    for ing in serving:
        ref: Ref = ("Ingress", namespace_of(ing), name_of(ing))
        q.hosts.setdefault(ref, host)
        if ref not in q.mentioned:
            q.mentioned.append(ref)


def _read_name(state: ClusterState, q: Question, tokens: list[tuple[str, bool]], i: int,
               known_namespaces: set[str]) -> None:
    word, quoted = tokens[i]
    kind_hint, name = _split_kind_name(word)
    slash_form = kind_hint is not None
    if not slash_form:
        kind_hint = _neighbour_kind(tokens, i)
    if (name in STOPWORDS and not slash_form) or not K8S_NAME.match(name):
        return
    refs = _find(state, name, kind_hint, slash_form, q.namespace)
    if refs:
        q.mentioned.extend(r for r in refs if r not in q.mentioned)
        return
    if name in known_namespaces:
        q.namespace = q.namespace or name
        return
    if name in WORD_TOPIC and not (quoted or slash_form):  # "the hpa scale": a symptom, not a name
        return
    if quoted or slash_form or names_an_object(tokens, i) or _misspelt(state, name):
        names = candidate_names(state, kind_hint, q.namespace)
        # nothing alike: name what there is of that kind, so the user sees what they could have meant
        suggestions = _closest(name, names) or (object_names(state, kind_hint, q.namespace)[:MAX_LISTED]
                                                if kind_hint else [])
        q.missing.append(Missing(name, kind_hint, suggestions))


def _neighbour_kind(tokens: list[tuple[str, bool]], i: int) -> str | None:
    nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    prev = tokens[i - 1][0] if i else ""
    return kind_from_word(nxt) or kind_from_word(prev)


def _find(state: ClusterState, name: str, kind: str | None, slash_form: bool, namespace: str | None) -> list[Ref]:
    """Objects the word names: of any kind, else of the kind written next to it, also in the singular."""
    for candidate in dict.fromkeys([name, _singular(name)]):
        if not candidate:
            continue
        refs = match_name(state, candidate, kind if slash_form else None, namespace)
        if not refs and kind and not slash_form:
            refs = match_name(state, candidate, kind, namespace)
        if refs:
            return refs
    return []


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 4 and word.endswith("s") and not word.endswith("ss") else ""


def is_plural_kind_word(word: str) -> bool:
    """`pods`, `ingresses`, `networkpolicies` (a kind word for many objects); not `ingress`, `rs`, `ns`."""
    if not kind_from_word(word) or not word.endswith("s"):
        return False
    stems = [word[:-1], word[:-2] if word.endswith("es") else "", word[:-3] + "y" if word.endswith("ies") else ""]
    return any(stem and kind_from_word(stem) for stem in stems)


def names_an_object(tokens: list[tuple[str, bool]], i: int) -> bool:
    """Whether the word stands where English puts a name: `deployment payments`, `the payments-api pod`.

    After a singular kind word (`deployment X`, `node X`) a word names an object unless the kind word
    already ends a noun phrase (`the ingress returns 404`, `the web-1 hpa scales`); after a plural one
    (`2 pods exist`) and before one (`the web pod`) only a name-shaped word (`pods web-7d9f-x2`) does.
    """
    word = tokens[i][0]
    distinctive = bool(NAME_SHAPE.match(word))
    prev = tokens[i - 1][0] if i else ""
    before_prev = tokens[i - 2][0] if i >= 2 else ""
    nxt = tokens[i + 1][0] if i + 1 < len(tokens) else ""
    if kind_from_word(prev):
        if is_plural_kind_word(prev):
            return distinctive
        complete_phrase = before_prev in DETERMINERS or bool(NAME_SHAPE.match(before_prev))
        return distinctive or not complete_phrase
    if kind_from_word(nxt):
        return distinctive
    return False


def _misspelt(state: ClusterState, name: str) -> bool:
    """A word this close to an existing name is a misspelt name ("frontnd"), not an English word."""
    if len(name) < 4:
        return False
    parts = _name_parts(state)
    if name in parts or _singular(name) in parts:  # a real part of a name, deliberately not matched by it
        return False
    return bool(difflib.get_close_matches(name, parts, n=1, cutoff=0.8))


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
    else as one dash-separated part of a workload's name (`chatbot` -> `frontend-chatbot`).
    Cluster-scoped kinds (nodes, PVs, storage classes) are looked up whatever the namespace."""
    kinds = (kind,) if kind else NAMED_KINDS
    tiers: tuple[list[Ref], list[Ref], list[Ref]] = ([], [], [])
    for k in kinds:
        by_part = kind is not None or k in NICKNAMED_KINDS
        for obj in state.of_kind(k, None if k in CLUSTER_SCOPED else namespace):
            n = name_of(obj)
            ref = (k, namespace_of(obj), n)
            if n == name:
                tiers[0].append(ref)
            elif n.startswith(name + "-") or name in _app_names(obj) or name in _container_names(obj):
                tiers[1].append(ref)
            elif by_part and len(name) >= 3 and name in n.split("-"):
                tiers[2].append(ref)
    return next((t for t in tiers if t), [])


def _app_names(obj: Obj) -> set[str]:
    labels = labels_of(obj)
    return {str(labels[k]).lower() for k in APP_LABELS if labels.get(k) is not None}


def _container_names(obj: Obj) -> set[str]:
    if obj.get("kind") != "Pod":
        return set()
    return {c.get("name", "") for c in (obj.get("spec") or {}).get("containers") or []}


def candidate_names(state: ClusterState, kind: str | None, namespace: str | None = None) -> list[str]:
    kinds = (kind,) if kind else NAMED_KINDS
    names: set[str] = set()
    for k in kinds:
        for obj in state.of_kind(k, None if k in CLUSTER_SCOPED else namespace):
            names.add(name_of(obj))
            names.update(_app_names(obj))
    return sorted(n for n in names if n)


def object_names(state: ClusterState, kind: str, namespace: str | None) -> list[str]:
    return sorted(name_of(o) for o in state.of_kind(kind, None if kind in CLUSTER_SCOPED else namespace))


def _closest(word: str, names: list[str]) -> list[str]:
    return difflib.get_close_matches(word, names, n=3, cutoff=0.5)
