"""PodDisruptionBudgets that allow no disruption, which blocks `kubectl drain`, node upgrades and evictions."""

from __future__ import annotations

from agent.diagnosis.analyzers._workloads import (
    PodIndex,
    condition,
    targets_scaled_to_zero,
    describe_selector,
    is_terminated,
    kubectl_ns,
    pod_refs,
    ref,
    workloads_of,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, Severity
from agent.diagnosis.state import ClusterState, Obj, name_of, namespace_of


@register
class PdbAnalyzer(Analyzer):
    name = "pdb"
    kinds = ("PodDisruptionBudget",)
    needs = {"Pod": "the pods PodDisruptionBudgets select"}
    keywords = ("pdb", "disruption", "poddisruptionbudget", "drain", "evict", "eviction", "cordon", "upgrade",
                "maintenance", "budget")

    def analyze(self, state: ClusterState) -> list[Finding]:
        budgets = state.of_kind("PodDisruptionBudget")
        if not budgets:
            return []
        pods = PodIndex(state)
        cordoned = {name_of(n) for n in state.of_kind("Node") if (n.get("spec") or {}).get("unschedulable")}
        findings = []
        for pdb in budgets:
            selected = [p for p in pods.select(namespace_of(pdb), (pdb.get("spec") or {}).get("selector"))
                        if not is_terminated(p)]
            if state.knows("Pod") and not selected:
                if not _scaled_to_zero(state, pdb):
                    findings.append(self._selects_nothing(pdb, pods))
            elif _blocks(pdb):
                findings.append(self._finding(state, pdb, pods, cordoned))
        return findings

    def _selects_nothing(self, pdb: Obj, pods: PodIndex) -> Finding:
        ns, name = namespace_of(pdb), name_of(pdb)
        selector = (pdb.get("spec") or {}).get("selector")
        return Finding(
            analyzer=self.name, object=ref(pdb), severity=Severity.WARNING,
            symptom=f"PDB {name} protects no pod",
            root_cause=(f"PDB {name} selects {describe_selector(selector)}, but no pod in namespace {ns} has those "
                        "labels, so it protects nothing: evictions and drains disrupt the pods it was meant for"),
            evidence=[Evidence(source="spec", text=f"selector: {describe_selector(selector)}"),
                      Evidence(source="pods", text=f"0 of {len(pods.by_namespace.get(ns, []))} pods in {ns} match")],
            fix=Fix(description="Make the selector match the labels of the workload's pods.",
                    commands=[f"kubectl get pods{kubectl_ns(ns)} --show-labels", f"kubectl edit pdb {name}{kubectl_ns(ns)}"]),
            confidence=0.8,
        )

    def _finding(self, state: ClusterState, pdb: Obj, pods: PodIndex, cordoned: set[str]) -> Finding:
        ns, name = namespace_of(pdb), name_of(pdb)
        spec, status = pdb.get("spec") or {}, pdb.get("status") or {}
        selected = [p for p in pods.select(ns, spec.get("selector")) if not is_terminated(p)]
        workloads = workloads_of(state, selected)
        expected, healthy, desired = (status.get("expectedPods") or len(selected), status.get("currentHealthy", 0),
                                      status.get("desiredHealthy", 0))
        rule = (f"minAvailable {spec['minAvailable']}" if "minAvailable" in spec
                else f"maxUnavailable {spec.get('maxUnavailable')}")
        evidence = [
            Evidence(source="spec", text=f"PDB {name}: {rule}, selector {describe_selector(spec.get('selector'))}"),
            Evidence(source="status", text=f"expectedPods {expected}, currentHealthy {healthy}, desiredHealthy {desired}, "
                                           f"disruptionsAllowed {status.get('disruptionsAllowed', 0)}"),
        ]
        stranded = [p for p in selected if (p.get("spec") or {}).get("nodeName") in cordoned]
        for node in sorted({(p.get("spec") or {}).get("nodeName") for p in stranded}):
            evidence.append(Evidence(source=f"node/{node}", text=f"node {node} is cordoned (being drained) but "
                                                                 f"{sum(1 for p in stranded if p['spec'].get('nodeName') == node)} "
                                                                 f"pod(s) covered by {name} cannot be evicted"))
        owner_text = ", ".join(f"{w.kind} {w.name}" for w in workloads) or "its pods"
        target = workloads[0] if workloads else None
        if healthy < desired:
            root = (f"PDB {name} allows 0 disruptions because only {healthy} of the {desired} pods it requires are "
                    f"healthy ({owner_text} is not fully available), so every eviction and `kubectl drain` is refused")
            fix = Fix(description=f"Make the pods of {owner_text} healthy first; evictions resume once "
                                  f"{desired} are ready.",
                      commands=[f"kubectl get pods{kubectl_ns(ns)} -l {_selector_arg(spec)}"])
        else:
            root = (f"PDB {name} requires {rule.replace('minAvailable', 'minAvailable:')} while {owner_text} runs exactly "
                    f"{expected} pod(s), so disruptionsAllowed is 0: `kubectl drain` and evictions wait forever "
                    "(\"Cannot evict pod as it would violate the pod's disruption budget\")")
            commands = [f"kubectl patch pdb {name}{kubectl_ns(ns)} --type merge -p "
                        "'{\"spec\":{\"minAvailable\":null,\"maxUnavailable\":1}}'"]
            if target and target.kind in ("Deployment", "StatefulSet"):
                commands.append(f"kubectl scale {target.kind.lower()}/{target.name}{kubectl_ns(ns)} --replicas={expected + 1}")
            fix = Fix(description="Allow at least one disruption: use maxUnavailable: 1 (or minAvailable below the "
                                  "replica count), or run more replicas than minAvailable.", commands=commands)
        return Finding(
            analyzer=self.name, object=ref(pdb), severity=Severity.CRITICAL if stranded else Severity.WARNING,
            symptom=f"PDB {name} ALLOWED DISRUPTIONS 0" + ("; node drain is blocked" if stranded else ""),
            root_cause=root, evidence=evidence, fix=fix, confidence=0.9,
            related=list(workloads) + pod_refs(stranded),
        )


def _blocks(pdb: Obj) -> bool:
    """No voluntary disruption allowed: by status, by the DisruptionAllowed condition, or by a spec that never allows one."""
    status, spec = pdb.get("status") or {}, pdb.get("spec") or {}
    if status.get("expectedPods", 0) > 0 and status.get("disruptionsAllowed", 0) == 0:
        return True
    allowed = condition(pdb, "DisruptionAllowed")
    if allowed and allowed.get("status") == "False" and allowed.get("reason") != "SyncFailed":
        return True
    return str(spec.get("maxUnavailable")) in ("0", "0%") or str(spec.get("minAvailable")) == "100%"


def _scaled_to_zero(state: ClusterState, pdb: Obj) -> bool:
    labels = (((pdb.get("spec") or {}).get("selector") or {}).get("matchLabels") or {})
    return bool(labels) and targets_scaled_to_zero(state, namespace_of(pdb), labels)


def _selector_arg(spec: Obj) -> str:
    labels = ((spec.get("selector") or {}).get("matchLabels") or {})
    return ",".join(f"{k}={v}" for k, v in labels.items()) or "<selector>"
