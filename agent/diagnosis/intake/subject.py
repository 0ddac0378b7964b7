"""Which object a paste is about: named by its command line, its describe header, its rows or events,
else by the question ("why does my-api-5d8f crash?"), else "the workload in question".
"""

from __future__ import annotations

import re
import shlex

from agent.diagnosis.intake.evidence import EvidenceLine, Subject
from agent.diagnosis.question import STOPWORDS
from agent.kube.kinds import kind_from_word

COMMAND = re.compile(r"^\$ kubectl\s+(?P<args>.*)$", re.M)
NAME_LINE = re.compile(r"^Name:\s+(?P<name>[a-z0-9][\w.-]*)\s*$", re.M)
NAMESPACE_LINE = re.compile(r"^Namespace:\s+(?P<ns>[a-z0-9][\w.-]*)\s*$", re.M)
NODE_LINE = re.compile(r"^Node:\s+(?P<node>[a-z0-9][\w.-]*)(?:/\S*)?\s*$", re.M)
CONTAINER_HEAD = re.compile(r"^(?:Init )?Containers:\s*\n\s+(?P<name>[a-z0-9][\w.-]*):\s*$", re.M)
YAML_NAME = re.compile(r"^\s{0,4}\"?name\"?\s*:\s*\"?(?P<name>[a-z0-9][\w.-]*)\"?,?\s*$", re.M)
KIND_WORDS = {"pod": "Pod", "pods": "Pod", "po": "Pod", "deployment": "Deployment", "deploy": "Deployment",
              "deployments": "Deployment", "statefulset": "StatefulSet", "sts": "StatefulSet",
              "daemonset": "DaemonSet", "ds": "DaemonSet", "job": "Job", "cronjob": "CronJob", "node": "Node",
              "pvc": "PersistentVolumeClaim", "service": "Service", "svc": "Service"}
VALUE_FLAGS = frozenset({"-n", "--namespace", "-c", "--container", "-o", "--output", "-l", "--selector", "--tail",
                         "--since", "--context", "-f", "--filename", "--field-selector", "--sort-by", "--kubeconfig"})
VERBS_WITH_NAMES = frozenset({"describe", "logs", "get", "exec", "delete", "edit", "rollout", "port-forward", "top"})
# a generated or compound name: `web-7d9f8c6b5-x2k4q`, `mysql-0`, `api2`; English words rarely look like these
NAME_SHAPE = re.compile(r"^[a-z0-9]+(?:[.-][a-z0-9]+)+$|^[a-z]+[0-9]+$")
QUESTION_NAME = re.compile(r"(?:^|[\s`'\"(])(?P<name>[a-z0-9][a-z0-9.-]*[a-z0-9])(?=$|[\s`'\")?,.:!])")
NOT_NAMES = frozenset({"k8s", "v1", "v2", "x86-64", "arm64", "amd64", "ipv4", "ipv6", "utf-8", "e.g", "i.e",
                       "kube-system", "kube-public", "node-1", "-o", "wide", "crash-loop", "read-only",
                       "out-of-memory", "back-off", "re-run", "pull-secret", "port-forward", "step-by-step"})


def from_commands(text: str, subject: Subject) -> None:
    for m in COMMAND.finditer(text):
        try:
            argv = shlex.split(m.group("args"))
        except ValueError:
            argv = m.group("args").split()
        positional: list[str] = []
        skip = False
        for i, arg in enumerate(argv):
            if skip:
                skip = False
                continue
            if arg in VALUE_FLAGS:
                value = argv[i + 1] if i + 1 < len(argv) else ""
                if arg in ("-n", "--namespace") and value:
                    subject.namespace = subject.namespace or value
                if arg in ("-c", "--container") and value:
                    subject.container = subject.container or value
                skip = True
                continue
            if arg.startswith("--namespace=") or arg.startswith("-n="):
                subject.namespace = subject.namespace or arg.split("=", 1)[1]
            if arg.startswith("-"):
                continue
            positional.append(arg)
        if not positional or positional[0] not in VERBS_WITH_NAMES:
            continue
        rest = positional[1:]
        if positional[0] == "rollout" and rest:
            rest = rest[1:]
        kind = "Pod" if positional[0] in ("logs", "exec", "port-forward") else None
        if rest and "/" in rest[0]:
            word, name = rest[0].split("/", 1)
            kind, rest = KIND_WORDS.get(word.lower(), kind or "Pod"), [name]
        elif rest and rest[0].lower() in KIND_WORDS or rest and rest[0].lower().split(",")[0] in KIND_WORDS:
            kind, rest = KIND_WORDS.get(rest[0].lower(), "Pod"), rest[1:]
        if rest and kind and not subject.name and re.match(r"^[a-z0-9][\w.-]*$", rest[0]):
            subject.kind, subject.name, subject.source = kind, rest[0], "command"


def from_text(text: str, subject: Subject) -> None:
    if not subject.name and (m := NAME_LINE.search(text)):
        subject.name, subject.source = m.group("name"), "describe"
        if re.search(r"^(?:Replicas|StrategyType):", text, re.M):
            subject.kind = "Deployment"
        elif re.search(r"^(?:Roles|Taints|Allocatable):", text, re.M):
            subject.kind = "Node"
    if not subject.namespace and (m := NAMESPACE_LINE.search(text)):
        subject.namespace = m.group("ns")
    if not subject.node and (m := NODE_LINE.search(text)):
        subject.node = m.group("node")
    if not subject.container and (m := CONTAINER_HEAD.search(text)):
        subject.container = m.group("name")
    if not subject.name and re.search(r"^\s*(?:kind:\s*Pod|\"kind\":\s*\"Pod\")", text, re.M) and \
            (m := YAML_NAME.search(text)):
        subject.name, subject.source = m.group("name"), "manifest"


POD_IN_TEXT = re.compile(r"\bpod[ /]\(?[\"']?(?P<name>[a-z0-9][a-z0-9.-]*[a-z0-9])[\"']?\)?")
ASSIGNED = re.compile(r"Successfully assigned (?P<ns>[a-z0-9][\w.-]*)/(?P<pod>[a-z0-9][\w.-]*) to (?P<node>[a-z0-9][\w.-]*)")


def from_lines(lines: list[EvidenceLine], subject: Subject) -> None:
    """The object failing rows and warning events name, when only one is named; the pod a Scheduled event names."""
    for e in lines:
        m = ASSIGNED.search(e.text)
        if m and not subject.name:
            subject.kind, subject.name, subject.source = "Pod", m.group("pod"), "event"
            subject.namespace = subject.namespace or m.group("ns")
        if m and m.group("pod") == subject.name:
            subject.node = subject.node or m.group("node")
    for e in lines:
        if e.failure and not e.object and (m := POD_IN_TEXT.search(e.text)) and NAME_SHAPE.match(m.group("name")):
            e.object = f"pod/{m.group('name')}"
    named = [e.object for e in lines if e.object and e.failure] or [e.object for e in lines if e.object]
    names = list(dict.fromkeys(n for n in named if n))
    if subject.name or not names:
        return
    word, _, name = names[0].partition("/")
    if len({n.partition("/")[2] for n in names}) == 1 or word.lower() in ("pod", "po"):
        subject.kind, subject.name, subject.source = KIND_WORDS.get(word.lower(), "Pod"), name, "event"


def from_question(question: str, subject: Subject) -> None:
    """A name-shaped word in the question, or the word after a kind word (`pod web`), when the paste named none."""
    if subject.name:
        return
    words = question.split()
    for i, raw in enumerate(words):
        word = raw.strip("`'\"(),.?:!").lower()
        if i and words[i - 1].strip("`'\"").lower() in KIND_WORDS and re.match(r"^[a-z0-9][a-z0-9.-]*$", word) \
                and word not in NOT_NAMES and len(word) > 1 and word not in STOPWORDS and not kind_from_word(word):
            subject.kind, subject.name, subject.source = KIND_WORDS[words[i - 1].strip("`'\"").lower()], word, "question"
            return
    for m in QUESTION_NAME.finditer(question):
        word = m.group("name").lower()
        if NAME_SHAPE.match(word) and word not in NOT_NAMES and word not in STOPWORDS and not re.match(r"^\d+([.-]\d+)*$", word) \
                and not re.match(r"^v?\d", word):
            subject.name, subject.source = word, "question"
            return
