"""Admission webhooks whose backing Service is missing or has no ready endpoints: with failurePolicy Fail every
request the webhook matches is rejected ("failed calling webhook"), with Ignore the webhook silently does nothing."""

from __future__ import annotations

from agent.diagnosis.analyzers._pods import is_pod_ready
from agent.diagnosis.analyzers._workloads import PodIndex, format_labels, is_terminated, kubectl_ns, pod_refs, ref
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, name_of, namespace_of

KINDS = ("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")


def _ready_addresses(endpoints: Obj) -> int:
    return sum(len(s.get("addresses") or []) for s in endpoints.get("subsets") or [])


@register
class WebhookAnalyzer(Analyzer):
    name = "webhook"
    kinds = KINDS
    needs = {"Service": "the Services behind admission webhooks",
             "Pod": "whether admission webhook Services have ready pods"}
    keywords = ("webhook", "admission", "mutating", "validating", "failed calling webhook", "no endpoints available",
                "internal error", "create", "forbidden")

    def analyze(self, state: ClusterState) -> list[Finding]:
        configs = [c for kind in KINDS for c in state.of_kind(kind)]
        if not configs or not state.knows("Service"):
            return []
        pods = PodIndex(state) if state.knows("Pod") else None
        findings = []
        for config in configs:
            for hook in config.get("webhooks") or []:
                svc_ref = (hook.get("clientConfig") or {}).get("service")
                if svc_ref:
                    finding = self._check(state, config, hook, svc_ref, pods)
                    if finding:
                        findings.append(finding)
        return findings

    def _check(self, state: ClusterState, config: Obj, hook: Obj, svc_ref: Obj, pods: PodIndex | None) -> Finding | None:
        ns, svc_name = svc_ref.get("namespace"), svc_ref.get("name", "")
        policy = hook.get("failurePolicy", "Fail")
        svc = state.get("Service", ns, svc_name)
        evidence = [Evidence(source="spec", text=f"webhook {hook.get('name')}: service {ns}/{svc_name}, failurePolicy "
                                                 f"{policy}")]
        related = [ObjectRef(kind="Service", name=svc_name, namespace=ns)]
        if svc is None:
            what = f"its Service {ns}/{svc_name} does not exist"
        else:
            selector = (svc.get("spec") or {}).get("selector") or {}
            endpoints = state.get("Endpoints", ns, svc_name)
            if endpoints is not None:
                if _ready_addresses(endpoints):
                    return None
                evidence.append(Evidence(source="endpoints", text=f"Endpoints {svc_name}: no ready addresses"))
            elif pods is not None and selector:
                selected = [p for p in pods.select_labels(ns, selector) if not is_terminated(p)]
                if any(is_pod_ready(p) for p in selected):
                    return None
                evidence.append(Evidence(source="pods", text=f"{len(selected)} pod(s) match {format_labels(selector)}, "
                                                             "none ready"))
                related += pod_refs(selected[:5])
            else:
                return None  # neither endpoints nor pods to judge by
            what = f"its Service {ns}/{svc_name} has no ready endpoints (the webhook server is not running)"
        effect = ("so the API server rejects every request the webhook matches (\"failed calling webhook ... no "
                  "endpoints available for service\"): pods, deployments and other objects in its scope cannot be "
                  "created or changed" if policy == "Fail" else
                  "and its failurePolicy is Ignore, so the API server skips it: whatever it enforces or injects is "
                  "silently not applied")
        return Finding(
            analyzer=self.name, object=ref(config), severity=Severity.CRITICAL if policy == "Fail" else Severity.WARNING,
            symptom=f"admission webhook {hook.get('name')} cannot be reached",
            root_cause=f"{config.get('kind')} {name_of(config)}: webhook {hook.get('name')} calls {what}, {effect}",
            evidence=evidence,
            fix=Fix(description=f"Bring the webhook's server back (its Deployment in {ns}); if it was uninstalled, "
                                f"delete the leftover {config.get('kind')}.",
                    commands=[f"kubectl get pods{kubectl_ns(ns)} -o wide", f"kubectl get endpoints {svc_name}{kubectl_ns(ns)}",
                              f"kubectl delete {config.get('kind', '').lower()} {name_of(config)}  # only if the webhook is gone"]),
            confidence=0.85, related=related,
        )
