"""How objects hang together: owners, selected pods, mounted claims, routed services.

`family(state, ref)` is everything a question about `ref` is also about: asking
about a Deployment is asking about its ReplicaSets, Pods, the Services selecting
them, and what those Pods mount and reference.
"""

from __future__ import annotations

from agent.diagnosis.state import ClusterState, Obj, labels_of, name_of, namespace_of
from agent.kube import selectors
from agent.kube.kinds import WORKLOADS
from agent.kube.owners import owner_chain

Ref = tuple[str, str | None, str]


def ref_of(obj: Obj) -> Ref:
    return (obj.get("kind", ""), namespace_of(obj), name_of(obj))


def owners(state: ClusterState, obj: Obj) -> list[Obj]:
    """The owner chain upwards: Pod -> ReplicaSet -> Deployment."""
    return owner_chain(obj, state.get)  # type: ignore[return-value]


def pods_of(state: ClusterState, obj: Obj) -> list[Obj]:
    """Pods a workload or Service stands for (owner chain, else label selector)."""
    kind, ns = obj.get("kind"), namespace_of(obj)
    if kind == "Pod":
        return [obj]
    pods = state.of_kind("Pod", ns)
    if kind in WORKLOADS:
        owned = [p for p in pods if any(name_of(o) == name_of(obj) and o.get("kind") == kind for o in owners(state, p))]
        if owned:
            return owned
    selector = selectors.of_object(obj)
    if not selector:
        return []
    return [p for p in pods if selectors.matches(selector, labels_of(p))]


def selector_of(obj: Obj) -> dict[str, str]:
    spec = obj.get("spec") or {}
    if obj.get("kind") == "Service":
        return spec.get("selector") or {}
    if obj.get("kind") == "CronJob":
        spec = ((spec.get("jobTemplate") or {}).get("spec") or {})
    return (spec.get("selector") or {}).get("matchLabels") or {}


def services_for(state: ClusterState, pod: Obj) -> list[Obj]:
    labels = labels_of(pod)
    return [s for s in state.of_kind("Service", namespace_of(pod))
            if (sel := selector_of(s)) and selectors.matches_map(sel, labels)]


def referenced_by_pod(pod: Obj) -> list[Ref]:
    """Claims, ConfigMaps, Secrets and the node a pod uses."""
    ns = namespace_of(pod)
    spec = pod.get("spec") or {}
    refs: list[Ref] = []
    # `(... or {})`: a pasted manifest may leave a reference empty (`configMapRef:` is null in YAML)
    for vol in spec.get("volumes") or []:
        if "persistentVolumeClaim" in vol:
            refs.append(("PersistentVolumeClaim", ns, (vol["persistentVolumeClaim"] or {}).get("claimName", "")))
        if "configMap" in vol:
            refs.append(("ConfigMap", ns, (vol["configMap"] or {}).get("name", "")))
        if "secret" in vol:
            refs.append(("Secret", ns, (vol["secret"] or {}).get("secretName", "")))
    for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
        for src in c.get("envFrom") or []:
            for key, kind in (("configMapRef", "ConfigMap"), ("secretRef", "Secret")):
                if key in src:
                    refs.append((kind, ns, (src[key] or {}).get("name", "")))
        for env in c.get("env") or []:
            value_from = env.get("valueFrom") or {}
            for key, kind in (("configMapKeyRef", "ConfigMap"), ("secretKeyRef", "Secret")):
                if key in value_from:
                    refs.append((kind, ns, (value_from[key] or {}).get("name", "")))
    if spec.get("nodeName"):
        refs.append(("Node", None, spec["nodeName"]))
    if spec.get("serviceAccountName"):
        refs.append(("ServiceAccount", ns, spec["serviceAccountName"]))
    return refs


def family(state: ClusterState, ref: Ref) -> set[Ref]:
    kind, ns, name = ref
    obj = state.get(kind, ns, name)
    result: set[Ref] = {ref}
    if obj is None:
        return result
    pods = pods_of(state, obj)
    if kind == "Ingress":
        for svc_name in ingress_backends(obj):
            svc = state.get("Service", ns, svc_name)
            if svc is not None:
                result.add(ref_of(svc))
                pods.extend(pods_of(state, svc))
    if kind == "Service":
        result.add(("Endpoints", ns, name))
        result.update(ref_of(i) for i in state.of_kind("Ingress", ns) if name in ingress_backends(i))
    for owner in owners(state, obj):
        result.add(ref_of(owner))
    for pod in pods:
        result.add(ref_of(pod))
        result.update(ref_of(o) for o in owners(state, pod))
        result.update(ref_of(s) for s in services_for(state, pod))
        result.update(("Endpoints", ns, name_of(s)) for s in services_for(state, pod))
        result.update(referenced_by_pod(pod))
    for hpa in state.of_kind("HorizontalPodAutoscaler", ns):
        target = (hpa.get("spec") or {}).get("scaleTargetRef") or {}
        if (target.get("kind"), target.get("name")) in {(k, n) for k, _, n in result}:
            result.add(ref_of(hpa))
    return result


def ingress_backends(ingress: Obj) -> set[str]:
    spec = ingress.get("spec") or {}
    names = set()
    default = ((spec.get("defaultBackend") or {}).get("service") or {}).get("name")
    if default:
        names.add(default)
    for rule in spec.get("rules") or []:
        for path in ((rule.get("http") or {}).get("paths") or []):
            svc = ((path.get("backend") or {}).get("service") or {}).get("name")
            if svc:
                names.add(svc)
    return names
