"""LimitRanges that contradict themselves (a default above the max, min above max, a default request above the
default limit) or that the namespace's pod templates break, so the API server rejects the pods."""

from __future__ import annotations

from agent.diagnosis.analyzers._workloads import format_quantity, kubectl_ns, quantity, ref
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, name_of, namespace_of

TEMPLATED = ("Deployment", "StatefulSet", "DaemonSet", "Job")
# (lower field, upper field, what the contradiction does)
ORDER = (("min", "max", "no value satisfies both"),
         ("default", "max", "every container without its own limit gets a limit above the max and is rejected"),
         ("min", "default", "every container without its own limit gets a limit below the min and is rejected"),
         ("defaultRequest", "default", "containers without their own values get a request above their limit and are "
                                       "rejected"),
         ("defaultRequest", "max", "containers without their own request get one above the max and are rejected"),
         ("min", "defaultRequest", "containers without their own request get one below the min and are rejected"))


def _fmt(resource: str, value: float) -> str:
    return format_quantity(resource, value)


@register
class LimitRangeAnalyzer(Analyzer):
    name = "limitrange"
    kinds = ("LimitRange",)
    needs = {"Deployment": "pod templates against LimitRanges"}
    keywords = ("limitrange", "limit range", "limits", "maximum", "minimum", "usage per container", "forbidden",
                "default limit", "requests")

    def analyze(self, state: ClusterState) -> list[Finding]:
        findings = []
        for lr in state.of_kind("LimitRange"):
            findings += self._self_conflicts(lr)
            findings += self._templates(state, lr)
        return findings

    def _self_conflicts(self, lr: Obj) -> list[Finding]:
        out = []
        for item in (lr.get("spec") or {}).get("limits") or []:
            for low_field, high_field, effect in ORDER:
                low, high = item.get(low_field) or {}, item.get(high_field) or {}
                for resource in sorted(set(low) & set(high)):
                    a, b = quantity(low[resource]), quantity(high[resource])
                    if a > b:
                        out.append(self._finding(
                            lr, f"LimitRange {name_of(lr)} contradicts itself for {item.get('type', 'Container')} "
                                f"{resource}: {low_field} {low[resource]} is above {high_field} {high[resource]}, so "
                                f"{effect}",
                            [Evidence(source="spec", text=f"{item.get('type', 'Container')} {resource}: {low_field} "
                                                          f"{low[resource]}, {high_field} {high[resource]}")],
                            Fix(description=f"Make {low_field} <= {high_field} for {resource}.",
                                commands=[f"kubectl edit limitrange {name_of(lr)}{kubectl_ns(namespace_of(lr))}"]),
                            []))
        return out

    def _templates(self, state: ClusterState, lr: Obj) -> list[Finding]:
        ns = namespace_of(lr)
        bounds = [i for i in (lr.get("spec") or {}).get("limits") or [] if i.get("type", "Container") == "Container"]
        if not bounds:
            return []
        out = []
        for kind in TEMPLATED:
            for workload in state.of_kind(kind, ns):
                template = ((workload.get("spec") or {}).get("template") or {}).get("spec") or {}
                for c in template.get("containers") or []:
                    resources = c.get("resources") or {}
                    for item in bounds:
                        for field, bound, word in (("limits", "max", "above the maximum"),
                                                   ("requests", "min", "below the minimum")):
                            for resource, limit in (item.get(bound) or {}).items():
                                value = (resources.get(field) or {}).get(resource)
                                if value is None:
                                    continue
                                over = quantity(value) > quantity(limit) if bound == "max" else quantity(value) < quantity(limit)
                                if over:
                                    out.append(self._template_finding(lr, workload, c.get("name", ""), field, resource,
                                                                      value, limit, word))
        return out

    def _template_finding(self, lr: Obj, workload: Obj, container: str, field: str, resource: str, value: str,
                          limit: str, word: str) -> Finding:
        ns, kind, name = namespace_of(lr), workload.get("kind", ""), name_of(workload)
        flag = "--limits" if field == "limits" else "--requests"
        return self._finding(
            workload, f"container {container} of {kind} {name} sets {field}.{resource} {value}, {word} of "
                f"{_fmt(resource, quantity(limit))} per Container in LimitRange {name_of(lr)}, so the API server "
                "rejects its pods (FailedCreate: \"maximum/minimum ... usage per Container\")",
            [Evidence(source="spec", text=f"{kind} {name} container {container}: {field}.{resource} {value}"),
             Evidence(source=f"limitrange/{name_of(lr)}", text=f"Container {'max' if field == 'limits' else 'min'} "
                                                               f"{resource} {limit}")],
            Fix(description=f"Bring the container's {field} within the LimitRange (or change the LimitRange).",
                commands=[f"kubectl set resources {kind.lower()}/{name}{kubectl_ns(ns)} -c {container} "
                          f"{flag}={resource}={limit}"]),
            [ObjectRef(kind="LimitRange", name=name_of(lr), namespace=ns)])

    def _finding(self, obj: Obj, root: str, evidence: list[Evidence], fix: Fix, related: list[ObjectRef]) -> Finding:
        return Finding(analyzer=self.name, object=ref(obj), severity=Severity.CRITICAL if related else Severity.WARNING,
                       symptom=f"pods of {obj.get('kind')} {name_of(obj)} are rejected by a LimitRange" if related
                       else f"LimitRange {name_of(obj)} contradicts itself",
                       root_cause=root, evidence=evidence, fix=fix, confidence=0.85, related=related)
