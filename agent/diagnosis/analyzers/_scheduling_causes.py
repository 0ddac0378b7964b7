"""Why the scheduler cannot place a pod, one predicate at a time: the numbers behind "Insufficient memory",
the label a nodeSelector misses, the taint without a toleration, the anti-affinity domains, the unbound
claim. Used by the scheduling analyzer."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from pydantic import BaseModel, Field

from agent.diagnosis.analyzers._pods import ContainerView, container_json_path
from agent.diagnosis.analyzers._workloads import (
    PodIndex,
    container_requests,
    describe_selector,
    format_quantity,
    is_terminated,
    kubectl_ns,
    pod_requests,
    quantity,
    selector_matches,
)
from agent.diagnosis.analyzers.pvc import StorageIndex, explain_pending_claim
from agent.diagnosis.models import Evidence, Fix, ObjectRef
from agent.diagnosis.state import ClusterState, Obj, labels_of, name_of, namespace_of

_AVAILABLE = re.compile(r"nodes are available:\s*(.*?)(?:\s*preemption:.*)?$", re.S)
_COUNTED = re.compile(r"^(\d+)\s+(.*)$")
_TAINT = re.compile(r"untolerated taint\(?s?\)?\s*\{([^}]*)\}")
_NODE_CONDITION_TAINTS = {
    "node.kubernetes.io/not-ready": "is NotReady",
    "node.kubernetes.io/unreachable": "is unreachable (kubelet stopped posting status)",
    "node.kubernetes.io/disk-pressure": "has DiskPressure",
    "node.kubernetes.io/memory-pressure": "has MemoryPressure",
    "node.kubernetes.io/pid-pressure": "has PIDPressure",
    "node.kubernetes.io/network-unavailable": "has no network (CNI not ready)",
}
GiB = 2**30


class Cause(BaseModel):
    """One reason a pod cannot be placed, with its proof and fix; the analyzer merges a pod's causes."""

    text: str
    evidence: list[Evidence] = Field(default_factory=list)
    fix: Fix | None = None
    confidence: float = 0.9
    related: list[ObjectRef] = Field(default_factory=list)


@dataclass
class SchedulingContext:
    """Indexes built once per analyze(): nodes, what is already requested on each, pods, storage."""

    state: ClusterState
    nodes: list[Obj]
    used: dict[str, dict[str, float]]
    pods_on_node: dict[str, int]
    pods: PodIndex
    storage: StorageIndex
    minikube: bool


def scheduler_reasons(message: str) -> list[str]:
    """`0/3 nodes are available: 1 Insufficient cpu, 2 node(s) had untolerated taint {a: b}.` -> predicate texts."""
    m = _AVAILABLE.search(message)
    if not m:
        return [message] if message else []
    body = m.group(1).strip().rstrip(".")
    reasons = []
    for part in re.split(r",\s+(?=\d+\s)|\.\s+", body):
        part = part.strip().rstrip(".")
        counted = _COUNTED.match(part)
        reasons.append(counted.group(2) if counted else part)
    return [r for r in reasons if r]


def causes_for(ctx: SchedulingContext, workload: ObjectRef, pod: Obj, message: str) -> list[Cause]:
    causes: list[Cause] = []
    seen: set[str] = set()
    reasons = scheduler_reasons(message) if message else _inferred_reasons(ctx, pod)
    for reason in reasons:
        cause = _cause_for(ctx, workload, pod, reason)
        if cause and cause.text not in seen:
            seen.add(cause.text)
            causes.append(cause)
    if not causes and message:
        causes.append(Cause(
            text=f"the scheduler reports: {message}",
            fix=Fix(description="Inspect the pod's events.",
                    commands=[f"kubectl describe pod {name_of(pod)}{kubectl_ns(namespace_of(pod))}"]),
            confidence=0.5,
        ))
    return causes


def _cause_for(ctx: SchedulingContext, workload: ObjectRef, pod: Obj, reason: str) -> Cause | None:
    lowered = reason.lower()
    if lowered.startswith("insufficient "):
        return _insufficient(ctx, workload, pod, reason.split(" ", 1)[1].strip())
    if "node affinity/selector" in lowered or "node(s) didn't match node selector" in lowered:
        return _selector_mismatch(ctx, workload, pod)
    if "anti-affinity" in lowered or "pod affinity" in lowered:
        return _anti_affinity(ctx, workload, pod)
    taint = _TAINT.search(reason)
    if taint:
        return _taint(ctx, workload, pod, taint.group(1))
    if "were unschedulable" in lowered:
        return _cordoned(ctx)
    if "persistentvolumeclaim" in lowered:
        return _unbound_claims(ctx, pod)
    return None


def _inferred_reasons(ctx: SchedulingContext, pod: Obj) -> list[str]:
    """Without a scheduler message, re-derive the failing predicates from the objects."""
    reasons: list[str] = []
    if _unbound_claim_names(ctx, pod):
        reasons.append("pod has unbound immediate PersistentVolumeClaims")
    requested = pod_requests(pod)
    for res, qty in requested.items():
        if qty and all(_free(ctx, n, res) < qty for n in ctx.nodes):
            reasons.append(f"Insufficient {res}")
    if any(_selector_failures(pod, n) for n in ctx.nodes) and all(_selector_failures(pod, n) for n in ctx.nodes):
        reasons.append("node(s) didn't match Pod's node affinity/selector")
    for node in ctx.nodes:
        for taint in _untolerated(pod, node):
            reasons.append(f"node(s) had untolerated taint {{{taint.get('key')}: {taint.get('value', '')}}}")
    return reasons


def _free(ctx: SchedulingContext, node: Obj, res: str) -> float:
    alloc = quantity(((node.get("status") or {}).get("allocatable") or {}).get(res))
    return alloc - ctx.used.get(name_of(node), {}).get(res, 0.0)


def _biggest_container(pod: Obj, res: str) -> str:
    containers = (pod.get("spec") or {}).get("containers") or [{}]
    return max(containers, key=lambda c: container_requests(c).get(res, 0.0)).get("name", "")


def _insufficient(ctx: SchedulingContext, workload: ObjectRef, pod: Obj, res: str) -> Cause:
    want = pod_requests(pod).get(res, 0.0)
    evidence, best_free, best_node = [], -math.inf, None
    for node in ctx.nodes:
        node_name = name_of(node)
        alloc = quantity(((node.get("status") or {}).get("allocatable") or {}).get(res))
        used = ctx.used.get(node_name, {}).get(res, 0.0)
        free = alloc - used
        if free > best_free:
            best_free, best_node = free, node
        text = (f"allocatable {res} {format_quantity(res, alloc)}, requested by {ctx.pods_on_node.get(node_name, 0)} "
                f"pods {format_quantity(res, used)}, free {format_quantity(res, max(free, 0))}") if alloc else \
            f"no {res} in allocatable"
        evidence.append(Evidence(source=f"node/{node_name}", text=text))
    container = _biggest_container(pod, res)
    target = f"{workload.kind.lower()}/{workload.name}"
    ns = kubectl_ns(workload.namespace)
    if "gpu" in res and best_free <= 0 and not any(
        ((n.get("status") or {}).get("allocatable") or {}).get(res) for n in ctx.nodes
    ):
        text = (f"the pod requests {res} {format_quantity(res, want)} but no node advertises any {res} "
                f"(no GPU node, or the device plugin is not running)")
        limit_path = (f"{container_json_path(workload, ContainerView(pod, {'name': container}, {}))}"
                      f"/resources/limits/{res.replace('/', '~1')}")
        commands = [f"kubectl patch {target}{ns} --type json -p "
                    f"'[{{\"op\":\"remove\",\"path\":\"{limit_path}\"}}]'"]
        if ctx.minikube:
            commands.append("minikube delete && minikube start --driver=docker --container-runtime=docker --gpus=all")
        return Cause(text=text, evidence=evidence, confidence=0.9,
                     fix=Fix(description=f"Remove the {res} request from container {container}, or run on a node with a GPU "
                                         "and the NVIDIA device plugin.", commands=commands))
    shown_want = format_quantity(res, want)
    where = (f"node {name_of(best_node)} has {format_quantity(res, max(best_free, 0))} free" if best_node
             else "there are no nodes")
    text = (f"the pod requests {res} {shown_want} (container {container}) but {where} "
            f"(allocatable minus what other pods request), so no node fits it")
    commands = []
    description = f"Lower the {res} request of container {container}"
    if best_free > 0:
        suggestion = _round_down(res, best_free * 0.9)
        if suggestion > 0:
            commands.append(f"kubectl set resources {target}{ns} -c {container} --requests={res}={format_quantity(res, suggestion)}")
            description += f" to at most {format_quantity(res, best_free)}"
    description += ", or free/add capacity"
    if ctx.minikube and best_node is not None and res in ("cpu", "memory"):
        capacity = quantity(((best_node.get("status") or {}).get("capacity") or {}).get(res))
        needed = capacity + (want - best_free)
        if res == "memory":
            commands.append(f"minikube delete && minikube start --memory={math.ceil(needed / GiB) * 1024}")
        else:
            commands.append(f"minikube delete && minikube start --cpus={math.ceil(needed)}")
        description += " (minikube's size can only be changed by recreating it)"
    return Cause(text=text, evidence=evidence, fix=Fix(description=description, commands=commands), confidence=0.9)


def _round_down(res: str, value: float) -> float:
    step = 256 * 2**20 if res == "memory" else 0.1 if res == "cpu" else 1
    return math.floor(value / step) * step


def _selector_failures(pod: Obj, node: Obj) -> list[str]:
    labels = labels_of(node)
    spec = pod.get("spec") or {}
    failures = []
    for key, value in (spec.get("nodeSelector") or {}).items():
        if key not in labels:
            failures.append(f"nodeSelector {key}={value}: node {name_of(node)} has no label {key}")
        elif labels[key] != value:
            failures.append(f"nodeSelector {key}={value}: node {name_of(node)} has {key}={labels[key]}")
    required = (((spec.get("affinity") or {}).get("nodeAffinity") or {})
                .get("requiredDuringSchedulingIgnoredDuringExecution") or {}).get("nodeSelectorTerms") or []
    term_failures = []
    for term in required:
        failed = []
        for expr in term.get("matchExpressions") or []:
            if not _node_expression_matches(expr, labels):
                key = expr.get("key", "")
                actual = f"has {key}={labels[key]}" if key in labels else f"has no label {key}"
                failed.append(f"node affinity requires {key} {expr.get('operator')} "
                              f"({', '.join(expr.get('values') or [])}): node {name_of(node)} {actual}")
        if not failed:
            return failures
        term_failures.extend(failed)
    return failures + term_failures


def _node_expression_matches(expr: Obj, labels: dict[str, str]) -> bool:
    key, op, values = expr.get("key", ""), expr.get("operator", ""), expr.get("values") or []
    if op in ("Gt", "Lt"):
        try:
            actual, bound = int(labels[key]), int(values[0])
        except (KeyError, ValueError, IndexError):
            return False
        return actual > bound if op == "Gt" else actual < bound
    return selector_matches({"matchExpressions": [expr]}, labels)


def _selector_mismatch(ctx: SchedulingContext, workload: ObjectRef, pod: Obj) -> Cause:
    failures = [f for node in ctx.nodes for f in _selector_failures(pod, node)]
    spec = pod.get("spec") or {}
    target = f"{workload.kind.lower()}/{workload.name}"
    ns = kubectl_ns(workload.namespace)
    commands = []
    selector = spec.get("nodeSelector") or {}
    node_names = [name_of(n) for n in ctx.nodes]
    if selector and node_names:
        labels = " ".join(f"{k}={v}" for k, v in selector.items())
        commands.append(f"kubectl label node {node_names[0]} {labels}")
        commands.append(f"kubectl patch {target}{ns} --type json -p "
                        "'[{\"op\":\"remove\",\"path\":\"/spec/template/spec/nodeSelector\"}]'")
    elif node_names:
        commands.append(f"kubectl patch {target}{ns} --type json -p "
                        "'[{\"op\":\"remove\",\"path\":\"/spec/template/spec/affinity/nodeAffinity\"}]'")
    text = "no node has the labels the pod requires: " + ("; ".join(failures) if failures else
                                                          "the pod's nodeSelector/node affinity matches no node")
    return Cause(
        text=text,
        evidence=[Evidence(source="spec", text=f"nodeSelector: {selector}")] if selector else [],
        fix=Fix(description="Label a node with the required label (if it really has that property), "
                            "or remove/correct the nodeSelector/affinity in the pod template.", commands=commands),
        confidence=0.9 if failures else 0.7,
    )


def _anti_affinity(ctx: SchedulingContext, workload: ObjectRef, pod: Obj) -> Cause:
    terms = ((((pod.get("spec") or {}).get("affinity") or {}).get("podAntiAffinity") or {})
             .get("requiredDuringSchedulingIgnoredDuringExecution") or [])
    ns = namespace_of(pod)
    parts, evidence = [], []
    for term in terms:
        topology = term.get("topologyKey", "kubernetes.io/hostname")
        domains = {labels_of(n).get(topology) for n in ctx.nodes if labels_of(n).get(topology)}
        matching = [p for p in ctx.pods.select(ns, term.get("labelSelector"))
                    if (p.get("spec") or {}).get("nodeName") and not is_terminated(p)]
        occupied = {labels_of(n).get(topology) for n in ctx.nodes
                    if any((p.get("spec") or {}).get("nodeName") == name_of(n) for p in matching)}
        parts.append(
            f"required pod anti-affinity forbids two pods matching {describe_selector(term.get('labelSelector'))} "
            f"on the same {topology}; the cluster has {len(domains)} {topology} domain(s) and "
            f"{len(occupied & domains)} of them already run(s) a matching pod ({len(matching)} running)"
        )
        evidence.append(Evidence(source="spec", text=f"podAntiAffinity required: labelSelector "
                                                     f"{describe_selector(term.get('labelSelector'))}, topologyKey {topology}"))
    if not parts:
        parts.append("the pod's (anti-)affinity rules exclude every node")
    target = f"{workload.kind.lower()}/{workload.name}"
    domain_count = max(1, len({labels_of(n).get('kubernetes.io/hostname') for n in ctx.nodes}))
    patch = (
        "spec:\n  template:\n    spec:\n      affinity:\n        podAntiAffinity:\n"
        "          requiredDuringSchedulingIgnoredDuringExecution: null\n"
        "          preferredDuringSchedulingIgnoredDuringExecution:\n          - weight: 100\n"
        "            podAffinityTerm:\n              labelSelector: ...  # the same selector\n"
        "              topologyKey: kubernetes.io/hostname\n"
    )
    return Cause(
        text="; ".join(parts),
        evidence=evidence,
        fix=Fix(description="Make the anti-affinity preferred instead of required (patch below), add nodes, "
                            f"or run no more replicas than there are nodes ({domain_count}).",
                commands=[f"kubectl scale {target}{kubectl_ns(workload.namespace)} --replicas={domain_count}"],
                patch=patch),
        confidence=0.85,
    )


def _untolerated(pod: Obj, node: Obj) -> list[Obj]:
    tolerations = (pod.get("spec") or {}).get("tolerations") or []
    out = []
    for taint in (node.get("spec") or {}).get("taints") or []:
        if taint.get("effect") not in ("NoSchedule", "NoExecute"):
            continue
        if not any(_tolerates(t, taint) for t in tolerations):
            out.append(taint)
    return out


def _tolerates(toleration: Obj, taint: Obj) -> bool:
    if toleration.get("effect") and toleration.get("effect") != taint.get("effect"):
        return False
    if toleration.get("operator") == "Exists":
        return not toleration.get("key") or toleration.get("key") == taint.get("key")
    return toleration.get("key") == taint.get("key") and toleration.get("value", "") == taint.get("value", "")


def _taint(ctx: SchedulingContext, workload: ObjectRef, pod: Obj, taint_text: str) -> Cause:
    key, _, value = (part.strip() for part in taint_text.partition(":"))
    tainted = [(n, t) for n in ctx.nodes for t in (n.get("spec") or {}).get("taints") or [] if t.get("key") == key]
    nodes = ", ".join(sorted({name_of(n) for n, _ in tainted})) or "the node(s)"
    effect = tainted[0][1].get("effect", "NoSchedule") if tainted else "NoSchedule"
    if key == "node.kubernetes.io/unschedulable":
        return _cordoned(ctx)
    if key in _NODE_CONDITION_TAINTS:
        return Cause(
            text=f"node {nodes} {_NODE_CONDITION_TAINTS[key]} and carries the taint {key}:{effect}, so nothing new is "
                 "scheduled there (see the node finding for why)",
            evidence=[Evidence(source=f"node/{name_of(n)}", text=f"taint {key}:{t.get('effect')}") for n, t in tainted],
            fix=Fix(description="Fix the node condition; the node controller removes the taint by itself.",
                    commands=[f"kubectl describe node {name_of(n)}" for n, _ in tainted[:1]]),
            confidence=0.85,
            related=[ObjectRef(kind="Node", name=name_of(n)) for n, _ in tainted],
        )
    shown = f"{key}={value}:{effect}" if value else f"{key}:{effect}"
    toleration = (f"spec:\n  template:\n    spec:\n      tolerations:\n      - key: \"{key}\"\n"
                  + (f"        operator: \"Equal\"\n        value: \"{value}\"\n" if value else "        operator: \"Exists\"\n")
                  + f"        effect: \"{effect}\"\n")
    return Cause(
        text=f"node {nodes} has the taint {shown} and the pod has no matching toleration",
        evidence=[Evidence(source=f"node/{name_of(n)}", text=f"taint {shown}") for n, _ in tainted],
        fix=Fix(description=f"Remove the taint if nothing needs it, or add a toleration for {key} to the pod template (patch below).",
                commands=[f"kubectl taint nodes {name_of(n)} {shown}-" for n, _ in tainted[:3]]
                or [f"kubectl taint nodes --all {shown}-"],
                patch=toleration),
        confidence=0.9,
    )


def _cordoned(ctx: SchedulingContext) -> Cause:
    cordoned = [name_of(n) for n in ctx.nodes if (n.get("spec") or {}).get("unschedulable")]
    names = ", ".join(cordoned) or "the node(s)"
    return Cause(
        text=f"node {names} is cordoned (spec.unschedulable: true), so the scheduler places no new pods on it",
        evidence=[Evidence(source=f"node/{n}", text="spec.unschedulable: true (SchedulingDisabled)") for n in cordoned],
        fix=Fix(description="Uncordon the node once maintenance is over.",
                commands=[f"kubectl uncordon {n}" for n in cordoned] or ["kubectl get nodes"]),
        confidence=0.9,
        related=[ObjectRef(kind="Node", name=n) for n in cordoned],
    )


def _unbound_claim_names(ctx: SchedulingContext, pod: Obj) -> list[str]:
    ns = namespace_of(pod)
    names = []
    for vol in (pod.get("spec") or {}).get("volumes") or []:
        claim_name = (vol.get("persistentVolumeClaim") or {}).get("claimName")
        if not claim_name:
            continue
        claim = ctx.state.get("PersistentVolumeClaim", ns, claim_name)
        if claim is None or (claim.get("status") or {}).get("phase") != "Bound":
            names.append(claim_name)
    return names


def _unbound_claims(ctx: SchedulingContext, pod: Obj) -> Cause:
    ns = namespace_of(pod)
    parts, evidence, fixes, related = [], [], [], []
    confidence = 0.9
    for claim_name in _unbound_claim_names(ctx, pod):
        claim = ctx.state.get("PersistentVolumeClaim", ns, claim_name)
        related.append(ObjectRef(kind="PersistentVolumeClaim", name=claim_name, namespace=ns))
        if claim is None:
            known = "PersistentVolumeClaim" in ctx.state.kinds_read
            parts.append(f"the pod mounts PVC {claim_name}, which " + ("does not exist" if known else "was not read"))
            fixes.append(Fix(description=f"Create PVC {claim_name} in namespace {ns} or fix the claimName.",
                             commands=[f"kubectl get pvc{kubectl_ns(ns)}"]))
            confidence = 0.9 if known else 0.6
            continue
        diagnosis = explain_pending_claim(ctx.state, claim, ctx.storage)
        if diagnosis is None:
            continue
        parts.append(f"the pod mounts PVC {claim_name}, which is unbound: {diagnosis.cause}")
        evidence.extend(diagnosis.evidence)
        fixes.append(diagnosis.fix)
        confidence = min(confidence, diagnosis.confidence)
    if not parts:
        parts.append("a PersistentVolumeClaim the pod mounts is not bound yet")
        confidence = 0.6
    return Cause(
        text="; ".join(parts), evidence=evidence, confidence=confidence, related=related,
        fix=Fix(description=" ".join(f.description for f in fixes) or "Bind the claim first.",
                commands=[c for f in fixes for c in f.commands],
                patch="\n---\n".join(f.patch for f in fixes if f.patch) or None),
    )
