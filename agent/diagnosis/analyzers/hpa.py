"""HorizontalPodAutoscalers that cannot scale: no metrics API (metrics-server missing), target containers
without resource requests, or a scale target that does not exist."""

from __future__ import annotations

import re

from agent.diagnosis.analyzers._pods import event_line
from agent.diagnosis.analyzers._workloads import (
    condition,
    is_minikube,
    kubectl_ns,
    latest_event,
    ref,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, name_of, namespace_of

_MISSING_REQUEST = re.compile(r"missing request for (\w+) in container (\S+?) of Pod (\S+)")
_NO_METRICS_API = ("metrics.k8s.io", "could not find the requested resource", "no metrics returned from resource metrics api",
                   "unable to fetch metrics from resource metrics api")
# kinds with a /scale subresource an HPA can drive; built-in kinds without one (custom kinds may have one)
SCALABLE = ("Deployment", "StatefulSet", "ReplicaSet", "ReplicationController")
NOT_SCALABLE = frozenset({"DaemonSet", "Pod", "Job", "CronJob", "Service", "ConfigMap", "Secret", "Ingress", "Node",
                          "PersistentVolumeClaim", "HorizontalPodAutoscaler", "Namespace"})
_METRIC_REASONS = ("FailedGetResourceMetric", "FailedComputeMetricsReplicas", "FailedGetPodsMetric",
                   "FailedGetContainerResourceMetric", "FailedGetScale")


@register
class HpaAnalyzer(Analyzer):
    name = "hpa"
    kinds = ("HorizontalPodAutoscaler",)
    needs = {"Deployment": "HPA scale targets and their resource requests"}
    keywords = ("hpa", "autoscal", "autoscaler", "scale", "scaling", "metrics", "metrics-server", "replicas",
                "cpu utilization", "unknown", "targets")

    def analyze(self, state: ClusterState) -> list[Finding]:
        hpas = state.of_kind("HorizontalPodAutoscaler")
        if not hpas:
            return []
        metrics_server = _metrics_server_present(state)
        minikube = is_minikube(state.of_kind("Node"))
        findings = []
        for hpa in hpas:
            finding = self._diagnose(state, hpa, metrics_server, minikube)
            if finding:
                findings.append(finding)
        return findings

    def _diagnose(self, state: ClusterState, hpa: Obj, metrics_server: bool | None, minikube: bool) -> Finding | None:
        return self._status_problem(state, hpa, metrics_server, minikube) or self._spec_problem(state, hpa) \
            or self._limited(hpa)

    def _spec_problem(self, state: ClusterState, hpa: Obj) -> Finding | None:
        """What the spec alone shows: min above max, a target that cannot scale or does not exist, no requests."""
        ns, name = namespace_of(hpa), name_of(hpa)
        spec = hpa.get("spec") or {}
        target = spec.get("scaleTargetRef") or {}
        kind, target_name = target.get("kind", ""), target.get("name", "")
        related = [ObjectRef(kind=kind or "Deployment", name=target_name, namespace=ns)]
        edit = Fix(description="Point scaleTargetRef at the Deployment or StatefulSet to scale.",
                   commands=[f"kubectl edit hpa {name}{kubectl_ns(ns)}"])
        low, high = spec.get("minReplicas", 1), spec.get("maxReplicas")
        if isinstance(high, int) and isinstance(low, int) and low > high:
            return self._finding(hpa, f"HPA {name} has minReplicas {low} above maxReplicas {high}, so no replica count "
                                      "satisfies it", [Evidence(source="spec", text=f"minReplicas {low}, maxReplicas {high}")],
                                 Fix(description="Set minReplicas <= maxReplicas.",
                                     commands=[f"kubectl patch hpa {name}{kubectl_ns(ns)} --type merge -p "
                                               f"'{{\"spec\":{{\"minReplicas\":{high}}}}}'"]), 0.95, related)
        where = Evidence(source="spec", text=f"scaleTargetRef: {target.get('apiVersion', '')} {kind}/{target_name}")
        if kind in NOT_SCALABLE or not kind:
            return self._finding(hpa, f"HPA {name} targets {kind or 'no kind'} {target_name}, which has no scale "
                                      f"subresource ({', '.join(SCALABLE)} do), so it can never scale it",
                                 [where], edit, 0.9, related)
        if kind in SCALABLE and state.knows(kind):
            workload = state.get(kind, ns, target_name)
            if workload is None:
                return self._finding(hpa, f"HPA {name} targets {kind} {target_name}, which does not exist in namespace "
                                          f"{ns}, so it scales nothing", [where, Evidence(
                                              source=f"{kind.lower()}s", text=f"{kind} {target_name} not found")],
                                     edit, 0.9, related)
            unrequested = _containers_without_requests(workload, _resources_used(hpa)) if _utilization(hpa) else []
            if unrequested:
                return self._missing_requests(hpa, workload, unrequested, [where], related, 0.85)
        return None

    def _limited(self, hpa: Obj) -> Finding | None:
        limited = condition(hpa, "ScalingLimited") or {}
        if limited.get("status") != "True" or limited.get("reason") != "TooManyReplicas":
            return None  # TooFewReplicas (resting at minReplicas) is the normal idle state
        ns, name = namespace_of(hpa), name_of(hpa)
        spec, status = hpa.get("spec") or {}, hpa.get("status") or {}
        high = spec.get("maxReplicas")
        return Finding(
            analyzer=self.name, object=ref(hpa), severity=Severity.WARNING,
            symptom=f"HPA {name} is pinned at maxReplicas {high}",
            root_cause=(f"HPA {name} wants more replicas than maxReplicas {high} (ScalingLimited TooManyReplicas): the "
                        f"load is above what {high} replicas serve at the target utilization, so the workload runs hot"),
            evidence=[Evidence(source="status", text=f"ScalingLimited=True (TooManyReplicas): {limited.get('message', '')}; "
                                                     f"currentReplicas {status.get('currentReplicas', '?')}, "
                                                     f"desiredReplicas {status.get('desiredReplicas', '?')}")],
            fix=Fix(description="Raise maxReplicas (if the cluster has room) or make each replica handle more load.",
                    commands=[f"kubectl patch hpa {name}{kubectl_ns(ns)} --type merge -p "
                              f"'{{\"spec\":{{\"maxReplicas\":{(high or 1) * 2}}}}}'"]),
            confidence=0.8, related=[ObjectRef(kind=(spec.get("scaleTargetRef") or {}).get("kind", "Deployment"),
                                               name=(spec.get("scaleTargetRef") or {}).get("name", ""), namespace=ns)],
        )

    def _status_problem(self, state: ClusterState, hpa: Obj, metrics_server: bool | None, minikube: bool,
                        ) -> Finding | None:
        ns, name = namespace_of(hpa), name_of(hpa)
        target = (hpa.get("spec") or {}).get("scaleTargetRef") or {}
        target_kind, target_name = target.get("kind", "Deployment"), target.get("name", "")
        active = condition(hpa, "ScalingActive") or {}
        able = condition(hpa, "AbleToScale") or {}
        event = latest_event(state.events_for("HorizontalPodAutoscaler", ns, name), *_METRIC_REASONS)
        failing_cond = next((c for c in (active, able) if c.get("status") == "False"), None)
        # A metrics event while ScalingActive is True is a transient blip that already recovered.
        if not failing_cond and (not event or active.get("status") == "True"):
            return None
        message = " ".join(((failing_cond or {}).get("message") or (event or {}).get("message") or "").split())
        evidence = []
        if failing_cond:
            evidence.append(Evidence(source="status", text=f"{failing_cond.get('type')}=False "
                                                           f"({failing_cond.get('reason')}): {failing_cond.get('message', '')}"))
        if event:
            evidence.append(Evidence(source="events", text=event_line(event)))
        evidence.append(Evidence(source="status", text=f"TARGETS <unknown>, replicas {(hpa.get('status') or {}).get('currentReplicas', '?')}"))
        workload = state.get(target_kind, ns, target_name)
        related = [ObjectRef(kind=target_kind, name=target_name, namespace=ns)]
        ns_flag = kubectl_ns(ns)

        missing = _MISSING_REQUEST.search(message) or _MISSING_REQUEST.search((event or {}).get("message") or "")
        if missing:
            return self._missing_requests(hpa, workload, [(missing.group(2), missing.group(1))], evidence, related, 0.95)

        if "FailedGetScale" in ((event or {}).get("reason") or "") or (failing_cond or {}).get("reason") == "FailedGetScale":
            root = f"HPA {name} targets {target_kind} {target_name}, which does not exist in namespace {ns}"
            return self._finding(hpa, root, evidence, Fix(
                description="Point scaleTargetRef at the right workload.",
                commands=[f"kubectl edit hpa {name}{ns_flag}"]), 0.9, related)

        if any(k in message.lower() for k in _NO_METRICS_API) or metrics_server is False:
            absent = " (no metrics-server Deployment in kube-system)" if metrics_server is False else ""
            root = (f"the resource metrics API (metrics.k8s.io) is not available{absent}, so HPA {name} cannot read "
                    "pod CPU/memory and never scales: metrics-server is not installed or not running")
            commands = ["minikube addons enable metrics-server"] if minikube else [
                "kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml"]
            commands.append("kubectl top pods" + ns_flag)
            return self._finding(hpa, root, evidence, Fix(
                description="Install metrics-server" + (" (minikube addon)" if minikube else "")
                            + "; the HPA picks metrics up within a minute.", commands=commands),
                0.9 if metrics_server is False or "metrics.k8s.io" in message else 0.75, related)

        unrequested = _containers_without_requests(workload, _resources_used(hpa)) if workload else []
        if unrequested:
            return self._missing_requests(hpa, workload, unrequested, evidence, related, 0.8)

        root = f"HPA {name} cannot compute a replica count: {message}"
        return self._finding(hpa, root, evidence, Fix(
            description="Read the HPA conditions and fix the metric source.",
            commands=[f"kubectl describe hpa {name}{ns_flag}"]), 0.6, related)

    def _missing_requests(self, hpa: Obj, workload: Obj | None, containers: list[tuple[str, str]],
                          evidence: list[Evidence], related: list[ObjectRef], confidence: float) -> Finding:
        ns, name = namespace_of(hpa), name_of(hpa)
        target = related[0]
        resource = containers[0][1]
        names = ", ".join(sorted({c for c, _ in containers}))
        root = (f"HPA {name} scales on {resource} utilization, a percentage of the containers' {resource} request, "
                f"but container {names} of {target.kind} {target.name} sets no {resource} request, so the "
                "utilization cannot be computed")
        commands = [f"kubectl set resources {target.kind.lower()}/{target.name}{kubectl_ns(ns)} -c {c} --requests={r}="
                    f"{'100m' if r == 'cpu' else '128Mi'}" for c, r in containers]
        if workload:
            evidence.append(Evidence(source="spec", text=f"{target.kind} {target.name}: container {names} has no "
                                                         f"resources.requests.{resource}"))
        return self._finding(hpa, root, evidence, Fix(
            description=f"Give every container of {target.name} a {resource} request.", commands=commands),
            confidence, related)

    def _finding(self, hpa: Obj, root: str, evidence: list[Evidence], fix: Fix, confidence: float,
                 related: list[ObjectRef]) -> Finding:
        return Finding(analyzer=self.name, object=ref(hpa), severity=Severity.WARNING,
                       symptom=f"HPA {name_of(hpa)} does not scale its target",
                       root_cause=root, evidence=evidence, fix=fix, confidence=confidence, related=related)


def _utilization(hpa: Obj) -> bool:
    """The HPA scales on a Utilization target (a percentage of requests), the only kind that needs requests."""
    spec = hpa.get("spec") or {}
    if spec.get("targetCPUUtilizationPercentage") or not spec.get("metrics"):
        return True  # autoscaling/v1, or v2 with the default 80% CPU utilization
    return any(((m.get("resource") or m.get("containerResource") or {}).get("target") or {}).get("type") == "Utilization"
               for m in spec.get("metrics") or [])


def _metrics_server_present(state: ClusterState) -> bool | None:
    """True/False when kube-system Deployments were read, None when we cannot tell."""
    deployments = state.of_kind("Deployment", "kube-system")
    if not deployments:
        return None
    return any(name_of(d) == "metrics-server" and (d.get("status") or {}).get("availableReplicas", 0) > 0
               for d in deployments)


def _resources_used(hpa: Obj) -> list[str]:
    spec = hpa.get("spec") or {}
    out = []
    for metric in spec.get("metrics") or []:
        resource = (metric.get("resource") or metric.get("containerResource") or {})
        target = resource.get("target") or {}
        if resource.get("name") and target.get("type", "Utilization") == "Utilization":
            out.append(resource["name"])
    if spec.get("targetCPUUtilizationPercentage"):
        out.append("cpu")
    return out or ["cpu"]


def _containers_without_requests(workload: Obj, resources: list[str]) -> list[tuple[str, str]]:
    containers = ((((workload.get("spec") or {}).get("template") or {}).get("spec") or {}).get("containers") or [])
    missing = []
    for c in containers:
        requests = ((c.get("resources") or {}).get("requests") or {})
        limits = ((c.get("resources") or {}).get("limits") or {})
        for res in resources:
            if res not in requests and res not in limits:
                missing.append((c.get("name", ""), res))
    return missing
