"""Cluster-level analyzers (scheduling, quota, services, ingress, storage, rollouts, HPA, PDB, network
policies, nodes) on small ClusterStates built in the test."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from agent.diagnosis.analyzers import ANALYZERS
from agent.diagnosis.analyzers._workloads import format_quantity, quantity, selector_matches
from agent.diagnosis.analyzers.scheduling import scheduler_reasons
from agent.diagnosis.models import Finding, Severity
from agent.diagnosis.state import ClusterState, LogKey

Obj = dict[str, Any]
TS = "2026-11-26T03:10:00Z"
CLUSTER_ANALYZERS = ("scheduling", "quota", "service", "ingress", "pvc", "rollout", "hpa", "pdb", "networkpolicy", "node")
# import only these modules (registering them), so the tests do not depend on every other analyzer loading
for _module in CLUSTER_ANALYZERS:
    importlib.import_module(f"agent.diagnosis.analyzers.{_module}")


# -- builders ------------------------------------------------------------------------------------------

def node(name: str = "minikube", *, cpu: str = "4", memory: str = "8Gi", taints: list | None = None,
         labels: dict | None = None, ready: str = "True", pressure: str | None = None, unschedulable: bool = False) -> Obj:
    conditions = [{"type": t, "status": "True" if t == pressure else "False"} for t in ("MemoryPressure", "DiskPressure", "PIDPressure")]
    ready_cond = {"type": "Ready", "status": ready, "reason": "KubeletReady" if ready == "True" else "NodeStatusUnknown",
                  "message": "kubelet is posting ready status" if ready == "True" else "Kubelet stopped posting node status.",
                  "lastHeartbeatTime": "2026-11-26T03:01:00Z"}
    spec: Obj = {"taints": taints or []}
    if unschedulable:
        spec["unschedulable"] = True
    return {"kind": "Node", "apiVersion": "v1",
            "metadata": {"name": name, "labels": {"kubernetes.io/hostname": name, "minikube.k8s.io/name": "minikube",
                                                  **(labels or {})}},
            "spec": spec,
            "status": {"allocatable": {"cpu": cpu, "memory": memory, "pods": "110"},
                       "capacity": {"cpu": cpu, "memory": memory, "pods": "110", "ephemeral-storage": "20Gi"},
                       "conditions": conditions + [ready_cond]}}


def ctr(name: str = "app", *, image: str = "app:1", requests: dict | None = None, port: int | None = None,
        port_name: str | None = None) -> Obj:
    c: Obj = {"name": name, "image": image, "resources": {"requests": requests} if requests else {}}
    if port:
        c["ports"] = [{"containerPort": port, "protocol": "TCP", **({"name": port_name} if port_name else {})}]
    return c


def pod(name: str, *, ns: str = "todo", labels: dict | None = None, rs: str | None = None, node_name: str | None = "minikube",
        containers: list | None = None, ready: bool = True, phase: str = "Running", volumes: list | None = None,
        message: str | None = None, statuses: list | None = None, **spec: Any) -> Obj:
    containers = containers or [ctr()]
    meta: Obj = {"name": name, "namespace": ns, "labels": labels or {}}
    if rs:
        meta["ownerReferences"] = [{"kind": "ReplicaSet", "name": rs, "controller": True, "apiVersion": "apps/v1"}]
    body: Obj = {"containers": containers, "volumes": volumes or [], **spec}
    if node_name:
        body["nodeName"] = node_name
        status: Obj = {"phase": phase, "conditions": [{"type": "Ready", "status": "True" if ready else "False"}],
                       "containerStatuses": statuses or [{"name": c["name"], "ready": ready, "restartCount": 0, "image": c["image"],
                                                          "state": {"running": {"startedAt": TS}}} for c in containers]}
    else:
        status = {"phase": "Pending", "conditions": [{"type": "PodScheduled", "status": "False", "reason": "Unschedulable",
                                                      "message": message or ""}]}
    return {"kind": "Pod", "apiVersion": "v1", "metadata": meta, "spec": body, "status": status}


def deployment(name: str, *, ns: str = "todo", replicas: int = 1, revision: int = 1, labels: dict | None = None,
               containers: list | None = None, status: dict | None = None, conditions: list | None = None,
               helm: bool = False) -> Obj:
    labels = labels or {"app": name}
    meta: Obj = {"name": name, "namespace": ns, "labels": dict(labels),
                 "annotations": {"deployment.kubernetes.io/revision": str(revision)}}
    if helm:
        meta["annotations"]["meta.helm.sh/release-name"] = "todo"
    return {"kind": "Deployment", "apiVersion": "apps/v1", "metadata": meta,
            "spec": {"replicas": replicas, "selector": {"matchLabels": labels},
                     "template": {"metadata": {"labels": labels}, "spec": {"containers": containers or [ctr(name)]}}},
            "status": {**(status or {"replicas": replicas, "updatedReplicas": replicas, "readyReplicas": replicas,
                                     "availableReplicas": replicas}), "conditions": conditions or []}}


def replicaset(name: str, deploy: str, *, ns: str = "todo", revision: int = 1, replicas: int = 1, ready: int | None = None,
               containers: list | None = None) -> Obj:
    return {"kind": "ReplicaSet", "apiVersion": "apps/v1",
            "metadata": {"name": name, "namespace": ns, "annotations": {"deployment.kubernetes.io/revision": str(revision)},
                         "ownerReferences": [{"kind": "Deployment", "name": deploy, "controller": True}]},
            "spec": {"replicas": replicas, "template": {"spec": {"containers": containers or [ctr(deploy)]}}},
            "status": {"replicas": replicas, "readyReplicas": replicas if ready is None else ready}}


def service(name: str, selector: dict, *, ns: str = "todo", port: int = 80, target: int | str = 8080) -> Obj:
    return {"kind": "Service", "apiVersion": "v1", "metadata": {"name": name, "namespace": ns},
            "spec": {"type": "ClusterIP", "selector": selector, "ports": [{"port": port, "targetPort": target, "protocol": "TCP"}]}}


def event(kind: str, name: str, reason: str, message: str, *, ns: str | None = "todo", type_: str = "Warning",
          count: int = 1) -> Obj:
    involved: Obj = {"kind": kind, "name": name}
    if ns:
        involved["namespace"] = ns
    return {"kind": "Event", "apiVersion": "v1", "metadata": {"name": f"{name}.{reason}", "namespace": ns or "default"},
            "involvedObject": involved, "reason": reason, "message": message, "type": type_, "count": count,
            "firstTimestamp": TS, "lastTimestamp": TS}


def state(*objs: Obj, logs: dict[LogKey, str] | None = None, read: tuple[str, ...] = ()) -> ClusterState:
    s = ClusterState(label="test")
    s.add_all(objs)
    for kind in read:
        s.mark_read(kind)
    s.logs.update(logs or {})
    return s


def run(name: str, s: ClusterState) -> list[Finding]:
    return ANALYZERS[name].analyze(s)


def only(name: str, s: ClusterState) -> Finding:
    findings = run(name, s)
    assert len(findings) == 1, [f.root_cause for f in findings]
    return findings[0]


def text_of(f: Finding) -> str:
    return " ".join([f.symptom, f.root_cause, f.fix.description, *f.fix.commands, f.fix.patch or "",
                     *(e.text for e in f.evidence)])


# -- helpers -------------------------------------------------------------------------------------------

def test_quantities_and_selectors() -> None:
    assert quantity("1.5Gi") == 1.5 * 2**30
    assert format_quantity("memory", 768 * 2**20) == "768Mi"
    assert format_quantity("cpu", 0.25) == "250m"
    assert selector_matches({"matchLabels": {"app": "a"}, "matchExpressions": [{"key": "tier", "operator": "In", "values": ["web"]}]},
                            {"app": "a", "tier": "web"})
    assert not selector_matches({"matchExpressions": [{"key": "tier", "operator": "DoesNotExist"}]}, {"tier": "web"})


def test_scheduler_reasons_splits_every_predicate() -> None:
    msg = ("0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: gpu}, "
           "1 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 No preemption victims found.")
    assert scheduler_reasons(msg) == ["Insufficient cpu", "node(s) had untolerated taint {dedicated: gpu}",
                                      "node(s) didn't match Pod's node affinity/selector"]


# -- scheduling ----------------------------------------------------------------------------------------

def _pending_backend(message: str, **kw: Any) -> list[Obj]:
    return [deployment("backend"), replicaset("backend-7c9d8b6f4", "backend"),
            pod("backend-7c9d8b6f4-x2klm", labels={"app": "backend"}, rs="backend-7c9d8b6f4", node_name=None,
                message=message, **kw),
            event("Pod", "backend-7c9d8b6f4-x2klm", "FailedScheduling", message)]


def test_insufficient_memory_shows_requested_vs_free_and_a_request_that_fits() -> None:
    msg = "0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod."
    s = state(node(memory="4Gi"), pod("db-0", ns="data", containers=[ctr("db", requests={"memory": "3Gi"})]),
              *_pending_backend(msg, containers=[ctr("backend", requests={"memory": "2Gi", "cpu": "100m"})]))
    f = only("scheduling", s)
    assert f.object.kind == "Deployment" and f.object.name == "backend"
    assert "memory 2Gi" in f.root_cause and "1Gi free" in f.root_cause
    assert "kubectl set resources deployment/backend -n todo -c backend --requests=memory=768Mi" in f.fix.commands
    assert any("minikube start --memory=5120" in c for c in f.fix.commands)
    assert f.severity == Severity.CRITICAL and f.confidence >= 0.9


def test_pending_pods_of_one_workload_make_one_finding() -> None:
    msg = "0/1 nodes are available: 1 Insufficient cpu."
    objs = _pending_backend(msg, containers=[ctr("backend", requests={"cpu": "8"})])
    objs.append(pod("backend-7c9d8b6f4-zz9qq", labels={"app": "backend"}, rs="backend-7c9d8b6f4", node_name=None,
                    message=msg, containers=[ctr("backend", requests={"cpu": "8"})]))
    f = only("scheduling", state(node(), *objs))
    assert {r.name for r in f.related} == {"backend-7c9d8b6f4-x2klm", "backend-7c9d8b6f4-zz9qq"}


def test_gpu_request_without_any_gpu_node() -> None:
    msg = "0/1 nodes are available: 1 Insufficient nvidia.com/gpu."
    f = only("scheduling", state(node(), *_pending_backend(msg, containers=[ctr("backend", requests={"nvidia.com/gpu": "1"})])))
    assert "no node advertises any nvidia.com/gpu" in f.root_cause


def test_gpu_limit_removal_targets_the_container_that_requests_it() -> None:
    msg = "0/1 nodes are available: 1 Insufficient nvidia.com/gpu."
    sidecar_first = [ctr("proxy"), ctr("trainer", requests={"nvidia.com/gpu": "1"})]
    f = only("scheduling", state(node(), *_pending_backend(msg, containers=sidecar_first)))
    assert "container trainer" in f.fix.description
    assert '"path":"/spec/template/spec/containers/1/resources/limits/nvidia.com~1gpu"' in f.fix.commands[0]


def test_node_selector_names_the_missing_label() -> None:
    msg = "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector."
    f = only("scheduling", state(node(labels={"disktype": "hdd"}), *_pending_backend(msg, nodeSelector={"disktype": "ssd"})))
    assert "nodeSelector disktype=ssd: node minikube has disktype=hdd" in f.root_cause
    assert "kubectl label node minikube disktype=ssd" in f.fix.commands


def test_untolerated_taint_gives_taint_removal_and_toleration() -> None:
    taint = {"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}
    msg = "0/1 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}."
    f = only("scheduling", state(node(taints=[taint]), *_pending_backend(msg)))
    assert "dedicated=gpu:NoSchedule" in f.root_cause
    assert "kubectl taint nodes minikube dedicated=gpu:NoSchedule-" in f.fix.commands
    assert 'key: "dedicated"' in (f.fix.patch or "")


def test_taint_is_inferred_from_objects_without_scheduler_event() -> None:
    taint = {"key": "dedicated", "value": "gpu", "effect": "NoSchedule"}
    objs = [o for o in _pending_backend("") if o["kind"] != "Event"]
    f = only("scheduling", state(node(taints=[taint]), *objs))
    assert "dedicated=gpu:NoSchedule" in f.root_cause
    assert f.confidence < 0.9


def test_not_ready_taint_points_at_the_node() -> None:
    msg = "0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }."
    taint = {"key": "node.kubernetes.io/not-ready", "effect": "NoSchedule"}
    f = only("scheduling", state(node(taints=[taint], ready="False"), *_pending_backend(msg)))
    assert "is NotReady" in f.root_cause and any(r.kind == "Node" for r in f.related)


def test_required_anti_affinity_on_one_node() -> None:
    anti = {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
        {"labelSelector": {"matchLabels": {"app": "backend"}}, "topologyKey": "kubernetes.io/hostname"}]}}
    msg = "0/1 nodes are available: 1 node(s) didn't match pod anti-affinity rules."
    running = pod("backend-7c9d8b6f4-aaaaa", labels={"app": "backend"}, rs="backend-7c9d8b6f4")
    f = only("scheduling", state(node(), running, *_pending_backend(msg, affinity=anti)))
    assert "1 kubernetes.io/hostname domain(s)" in f.root_cause
    assert "preferredDuringSchedulingIgnoredDuringExecution" in (f.fix.patch or "")


def test_cordoned_node() -> None:
    msg = "0/1 nodes are available: 1 node(s) were unschedulable."
    f = only("scheduling", state(node(unschedulable=True), *_pending_backend(msg)))
    assert "cordoned" in f.root_cause and "kubectl uncordon minikube" in f.fix.commands


def test_unbound_claim_links_the_claim_cause() -> None:
    msg = "0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims."
    claim = {"kind": "PersistentVolumeClaim", "metadata": {"name": "data", "namespace": "todo"},
             "spec": {"storageClassName": "fast-ssd", "resources": {"requests": {"storage": "1Gi"}}},
             "status": {"phase": "Pending"}}
    sc = {"kind": "StorageClass", "metadata": {"name": "standard", "annotations": {
        "storageclass.kubernetes.io/is-default-class": "true"}}, "provisioner": "k8s.io/minikube-hostpath"}
    vols = [{"name": "data", "persistentVolumeClaim": {"claimName": "data"}}]
    f = only("scheduling", state(node(), claim, sc, *_pending_backend(msg, volumes=vols)))
    assert "PVC data" in f.root_cause and "fast-ssd, which does not exist" in f.root_cause
    assert any(r.kind == "PersistentVolumeClaim" and r.name == "data" for r in f.related)


def test_pod_not_scheduled_yet_without_any_problem_is_not_reported() -> None:
    just_created = pod("web-abc12", node_name=None, containers=[ctr("web", requests={"cpu": "100m"})])
    just_created["status"] = {"phase": "Pending"}
    assert run("scheduling", state(node(), just_created)) == []


def test_scheduled_pods_are_not_reported() -> None:
    assert run("scheduling", state(node(), pod("web-1"), pod("job-1", phase="Succeeded"))) == []


# -- quota ---------------------------------------------------------------------------------------------

def _quota_objs(rs_status_replicas: int) -> list[Obj]:
    rs = replicaset("backend-7c9d8b6f4", "backend", replicas=3)
    rs["status"]["replicas"] = rs_status_replicas
    return [deployment("backend", replicas=3), rs, event(
        "ReplicaSet", "backend-7c9d8b6f4", "FailedCreate",
        'Error creating: pods "backend-7c9d8b6f4-k2x9p" is forbidden: exceeded quota: todo-quota, requested: '
        "limits.memory=512Mi, used: limits.memory=2Gi, limited: limits.memory=2Gi")]


def test_quota_exceeded_reports_the_deployment_and_the_needed_quota() -> None:
    f = only("quota", state(*_quota_objs(2)))
    assert f.object.kind == "Deployment" and f.object.name == "backend"
    assert "2Gi used + 512Mi requested > 2Gi allowed" in f.root_cause
    assert '{"spec":{"hard":{"limits.memory":"2.5Gi"}}}' in f.fix.commands[0]


def test_stale_quota_event_after_the_replicaset_caught_up_is_ignored() -> None:
    assert run("quota", state(*_quota_objs(3))) == []


def test_quota_that_requires_limits() -> None:
    ev = event("ReplicaSet", "backend-7c9d8b6f4", "FailedCreate",
               'Error creating: pods "backend-7c9d8b6f4-k2x9p" is forbidden: failed quota: todo-quota: must specify '
               "limits.cpu for: backend; limits.memory for: backend")
    f = only("quota", state(deployment("backend"), replicaset("backend-7c9d8b6f4", "backend", replicas=1) | {"status": {}}, ev))
    assert "must specify limits.cpu" in f.root_cause and "kubectl set resources deployment/backend" in f.fix.commands[0]


# -- services ------------------------------------------------------------------------------------------

def test_selector_mismatch_shows_the_closest_pod_labels() -> None:
    s = state(service("backend-service", {"app": "backend"}, port=8000, target=8000),
              deployment("backend", labels={"app": "todo-backend"}), replicaset("backend-7c9d8b6f4", "backend"),
              pod("backend-7c9d8b6f4-x2klm", labels={"app": "todo-backend", "pod-template-hash": "7c9d8b6f4"},
                  rs="backend-7c9d8b6f4", containers=[ctr(port=8000)]),
              pod("web-1", labels={"app": "frontend-web"}))
    f = only("service", s)
    assert "app: backend vs app: todo-backend" in f.root_cause and "Deployment backend" in f.root_cause
    assert f.fix.commands == ["""kubectl patch service backend-service -n todo -p '{"spec": {"selector": {"app": "todo-backend"}}}'"""]


def test_service_of_a_deployment_scaled_to_zero_is_fine() -> None:
    assert run("service", state(service("chatbot", {"app": "chatbot"}), deployment("chatbot", replicas=0))) == []


def test_service_whose_pods_are_not_ready_names_the_pod_failure() -> None:
    statuses = [{"name": "app", "ready": False, "restartCount": 4, "image": "app:2",
                 "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 1m20s restarting failed container"}},
                 "lastState": {"terminated": {"exitCode": 1, "reason": "Error"}}}]
    s = state(service("api", {"app": "api"}, target=8080),
              pod("api-1", labels={"app": "api"}, ready=False, statuses=statuses, containers=[ctr(port=8080)]),
              {"kind": "Endpoints", "metadata": {"name": "api", "namespace": "todo"}, "subsets": []})
    f = only("service", s)
    assert "none is ready" in f.root_cause and "CrashLoopBackOff" in f.root_cause
    assert "kubectl logs api-1 -n todo --previous" in f.fix.commands


def test_wrong_numeric_target_port() -> None:
    s = state(service("web", {"app": "web"}, port=3000, target=8080),
              pod("web-1", labels={"app": "web"}, containers=[ctr("web", port=3000)]),
              logs={LogKey("todo", "web-1", "web"): "  - Local:        http://localhost:3000\n"})
    f = only("service", s)
    assert "targetPort 8080" in f.root_cause and "3000" in f.root_cause
    assert '"path":"/spec/ports/0/targetPort","value":3000' in f.fix.commands[0]


def test_named_target_port_that_no_container_declares() -> None:
    s = state(service("web", {"app": "web"}, port=80, target="http"),
              pod("web-1", labels={"app": "web"}, containers=[ctr("web", port=3000, port_name="web")]))
    f = only("service", s)
    assert "targetPort 'http' is not a named port" in f.root_cause


def test_endpoint_slices_are_used_when_there_are_no_endpoints_objects() -> None:
    slice_ = {"kind": "EndpointSlice", "metadata": {"name": "web-abcde", "namespace": "todo",
                                                    "labels": {"kubernetes.io/service-name": "web"}},
              "endpoints": [{"addresses": ["10.244.0.5"], "conditions": {"ready": False}}]}
    s = state(service("web", {"app": "web"}, port=3000, target=3000),
              pod("web-1", labels={"app": "web"}, containers=[ctr("web", port=3000)]), slice_)
    assert "none is ready" in only("service", s).root_cause


def test_healthy_service_is_not_reported() -> None:
    s = state(service("web", {"app": "web"}, port=3000, target=3000),
              pod("web-1", labels={"app": "web"}, containers=[ctr("web", port=3000)]))
    assert run("service", s) == []


# -- ingress -------------------------------------------------------------------------------------------

def ingress(*, class_name: str | None = "nginx", backend: str = "web", port: int = 3000, tls_secret: str | None = None) -> Obj:
    spec: Obj = {"rules": [{"host": "todo.local", "http": {"paths": [
        {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": backend, "port": {"number": port}}}}]}}]}
    if class_name:
        spec["ingressClassName"] = class_name
    if tls_secret:
        spec["tls"] = [{"hosts": ["todo.local"], "secretName": tls_secret}]
    return {"kind": "Ingress", "metadata": {"name": "todo", "namespace": "todo"}, "spec": spec, "status": {"loadBalancer": {}}}


def ingress_class(default: bool) -> Obj:
    annotations = {"ingressclass.kubernetes.io/is-default-class": "true"} if default else {}
    return {"kind": "IngressClass", "metadata": {"name": "nginx", "annotations": annotations},
            "spec": {"controller": "k8s.io/ingress-nginx"}}


def test_ingress_without_class_and_no_default_class() -> None:
    s = state(ingress(class_name=None), ingress_class(default=False), service("web", {"app": "web"}, port=3000))
    f = only("ingress", s)
    assert "sets no ingressClassName" in f.root_cause
    assert "kubectl annotate ingressclass nginx ingressclass.kubernetes.io/is-default-class=true" in f.fix.commands


def test_ingress_without_any_controller_on_minikube() -> None:
    s = state(node(), ingress(), service("web", {"app": "web"}, port=3000), read=("IngressClass",))
    f = only("ingress", s)
    assert "no IngressClass" in f.root_cause and f.fix.commands == ["minikube addons enable ingress"]


def test_ingress_backend_service_missing_suggests_the_close_name() -> None:
    s = state(ingress(backend="backend", port=8000), ingress_class(True), service("backend-service", {"app": "b"}, port=8000))
    f = only("ingress", s)
    assert "Service backend, which does not exist" in f.root_cause and "did you mean backend-service?" in f.root_cause
    assert '"path": "/spec/rules/0/http/paths/0/backend/service/name", "value": "backend-service"' in f.fix.commands[0]


def test_ingress_backend_port_not_exposed_by_the_service() -> None:
    s = state(ingress(port=80), ingress_class(True), service("web", {"app": "web"}, port=3000))
    f = only("ingress", s)
    assert "port 80 of Service web" in f.root_cause and "exposes 3000" in f.root_cause


def test_ingress_tls_secret_missing() -> None:
    s = state(ingress(tls_secret="todo-tls"), ingress_class(True), service("web", {"app": "web"}, port=3000),
              read=("Secret",))
    f = only("ingress", s)
    assert "TLS Secret todo-tls" in f.root_cause and f.severity == Severity.WARNING
    assert f.fix.commands[0].startswith("kubectl create secret tls todo-tls -n todo")


def test_healthy_ingress_is_not_reported() -> None:
    secret = {"kind": "Secret", "metadata": {"name": "todo-tls", "namespace": "todo"}, "data": {"tls.crt": "", "tls.key": ""}}
    s = state(ingress(tls_secret="todo-tls"), ingress_class(True), service("web", {"app": "web"}, port=3000), secret)
    assert run("ingress", s) == []


# -- PVCs ----------------------------------------------------------------------------------------------

def claim(name: str = "data", *, cls: str | None = "standard", storage: str = "5Gi", phase: str = "Pending") -> Obj:
    spec: Obj = {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": storage}}}
    if cls is not None:
        spec["storageClassName"] = cls
    return {"kind": "PersistentVolumeClaim", "metadata": {"name": name, "namespace": "todo"}, "spec": spec,
            "status": {"phase": phase}}


def storage_class(name: str = "standard", *, default: bool = True, mode: str = "Immediate") -> Obj:
    annotations = {"storageclass.kubernetes.io/is-default-class": "true"} if default else {}
    return {"kind": "StorageClass", "metadata": {"name": name, "annotations": annotations},
            "provisioner": "k8s.io/minikube-hostpath", "volumeBindingMode": mode}


def test_claim_with_a_class_that_does_not_exist() -> None:
    ev = event("PersistentVolumeClaim", "data", "ProvisioningFailed", 'storageclass.storage.k8s.io "gp2" not found')
    f = only("pvc", state(claim(cls="gp2"), storage_class(), ev))
    assert "StorageClass gp2, which does not exist" in f.root_cause and "standard (default)" in f.root_cause
    assert "storageClassName: standard" in (f.fix.patch or "")


def test_claim_without_class_and_no_default_class() -> None:
    f = only("pvc", state(claim(cls=None), storage_class(default=False)))
    assert "no default StorageClass" in f.root_cause
    assert "storageclass.kubernetes.io/is-default-class" in f.fix.commands[0]


def test_static_claim_explains_each_volume_mismatch() -> None:
    pv = {"kind": "PersistentVolume", "metadata": {"name": "pv-small"},
          "spec": {"storageClassName": "", "capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"]},
          "status": {"phase": "Available"}}
    f = only("pvc", state(claim(cls=""), pv, storage_class()))
    assert "PV pv-small has 1Gi, the claim requests 5Gi" in f.root_cause
    assert "kind: PersistentVolume" in (f.fix.patch or "")


def test_wait_for_first_consumer_is_not_a_problem() -> None:
    wffc = storage_class("local-path", mode="WaitForFirstConsumer")
    ev = event("PersistentVolumeClaim", "data", "WaitForFirstConsumer",
               "waiting for first consumer to be created before binding", type_="Normal")
    assert run("pvc", state(claim(cls="local-path"), wffc, ev)) == []
    user = pod("db-0", node_name=None, volumes=[{"name": "d", "persistentVolumeClaim": {"claimName": "data"}}])
    f = only("pvc", state(claim(cls="local-path"), wffc, ev, user))
    assert f.severity == Severity.INFO and "not a problem by itself" in f.root_cause


def test_bound_claims_are_not_reported() -> None:
    assert run("pvc", state(claim(phase="Bound"), storage_class())) == []


# -- rollouts ------------------------------------------------------------------------------------------

def _rollout(deadline: bool = False, new_failing: bool = True) -> ClusterState:
    new_c, old_c = [ctr("backend", image="todo-backend:1.5.0")], [ctr("backend", image="todo-backend:1.4.0")]
    progressing = ({"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded",
                    "message": 'ReplicaSet "backend-new" has timed out progressing.'} if deadline else
                   {"type": "Progressing", "status": "True", "reason": "ReplicaSetUpdated"})
    dep = deployment("backend", replicas=2, revision=5, containers=new_c, helm=True, conditions=[progressing],
                     status={"replicas": 3, "updatedReplicas": 1, "readyReplicas": 2, "availableReplicas": 2,
                             "unavailableReplicas": 1})
    waiting = [{"name": "backend", "ready": False, "restartCount": 0, "image": "todo-backend:1.5.0",
                "state": {"waiting": {"reason": "ImagePullBackOff", "message": 'Back-off pulling image "todo-backend:1.5.0"'}}}]
    new_pod = pod("backend-new-aaaaa", labels={"app": "backend"}, rs="backend-new", containers=new_c,
                  ready=not new_failing, statuses=waiting if new_failing else None)
    return state(dep, replicaset("backend-new", "backend", revision=5, replicas=1, ready=0, containers=new_c),
                 replicaset("backend-old", "backend", revision=4, replicas=2, containers=old_c), new_pod,
                 pod("backend-old-bbbbb", labels={"app": "backend"}, rs="backend-old", containers=old_c),
                 pod("backend-old-ccccc", labels={"app": "backend"}, rs="backend-old", containers=old_c))


def test_stuck_rollout_names_the_failing_new_pods_and_rollback() -> None:
    f = only("rollout", _rollout())
    assert "revision 5" in f.root_cause and "ImagePullBackOff" in f.root_cause and "todo-backend:1.4.0" in f.root_cause
    assert f.fix.commands[:2] == ["helm rollback todo -n todo", "kubectl rollout undo deployment/backend -n todo"]
    assert any(r.name == "backend-new-aaaaa" for r in f.related)


def test_progress_deadline_is_named() -> None:
    f = only("rollout", _rollout(deadline=True))
    assert "exceeded its progress deadline" in f.root_cause


def test_rollout_without_failing_pods_and_no_deadline_is_not_reported() -> None:
    assert run("rollout", _rollout(new_failing=False)) == []


def test_rollout_whose_new_pod_is_still_starting_is_in_progress_not_stuck() -> None:
    s = _rollout()
    new_pod = s.get("Pod", "todo", "backend-new-aaaaa")
    new_pod["status"]["containerStatuses"][0]["state"] = {"waiting": {"reason": "ContainerCreating"}}
    assert run("rollout", s) == []


# -- HPA -----------------------------------------------------------------------------------------------

def hpa(message: str, status: str = "False") -> Obj:
    return {"kind": "HorizontalPodAutoscaler", "metadata": {"name": "backend", "namespace": "todo"},
            "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "backend"}, "minReplicas": 1, "maxReplicas": 5,
                     "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {"type": "Utilization",
                                                                                              "averageUtilization": 70}}}]},
            "status": {"currentReplicas": 1, "conditions": [
                {"type": "ScalingActive", "status": status, "reason": "FailedGetResourceMetric", "message": message}]}}


def test_hpa_without_metrics_server() -> None:
    msg = ("the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for "
           "resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested "
           "resource (get pods.metrics.k8s.io)")
    coredns = deployment("coredns", ns="kube-system")
    f = only("hpa", state(node(), hpa(msg), deployment("backend"), coredns))
    assert "metrics-server" in f.root_cause and "no metrics-server Deployment" in f.root_cause
    assert "minikube addons enable metrics-server" in f.fix.commands


def test_hpa_target_without_cpu_request() -> None:
    msg = "failed to get cpu utilization: missing request for cpu in container backend of Pod backend-7c9d8b6f4-x2klm"
    f = only("hpa", state(hpa(msg), deployment("backend", containers=[ctr("backend")])))
    assert "container backend of Deployment backend sets no cpu request" in f.root_cause
    assert f.fix.commands == ["kubectl set resources deployment/backend -n todo -c backend --requests=cpu=100m"]


def test_working_hpa_is_not_reported() -> None:
    assert run("hpa", state(hpa("the HPA was able to successfully calculate a replica count", status="True"))) == []


# -- PDB -----------------------------------------------------------------------------------------------

def pdb(healthy: int, desired: int, allowed: int) -> Obj:
    return {"kind": "PodDisruptionBudget", "metadata": {"name": "backend-pdb", "namespace": "todo"},
            "spec": {"minAvailable": 2, "selector": {"matchLabels": {"app": "backend"}}},
            "status": {"currentHealthy": healthy, "desiredHealthy": desired, "disruptionsAllowed": allowed, "expectedPods": 2}}


def _pdb_pods() -> list[Obj]:
    return [deployment("backend", replicas=2), replicaset("backend-7c9d8b6f4", "backend", replicas=2),
            pod("backend-7c9d8b6f4-a", labels={"app": "backend"}, rs="backend-7c9d8b6f4"),
            pod("backend-7c9d8b6f4-b", labels={"app": "backend"}, rs="backend-7c9d8b6f4", node_name="minikube-m02")]


def test_pdb_with_min_available_equal_to_replicas_blocks_a_drain() -> None:
    s = state(node(), node("minikube-m02", unschedulable=True), pdb(2, 2, 0), *_pdb_pods())
    f = only("pdb", s)
    assert "minAvailable: 2" in f.root_cause and "exactly 2 pod(s)" in f.root_cause
    assert f.severity == Severity.CRITICAL and "node drain is blocked" in f.symptom
    assert "kubectl scale deployment/backend -n todo --replicas=3" in f.fix.commands


def test_pdb_blocked_by_unhealthy_pods_says_so() -> None:
    f = only("pdb", state(node(), pdb(1, 2, 0), *_pdb_pods()))
    assert "only 1 of the 2 pods it requires are healthy" in f.root_cause


def test_pdb_allowing_disruptions_is_fine() -> None:
    assert run("pdb", state(pdb(2, 1, 1), *_pdb_pods())) == []


# -- network policies ----------------------------------------------------------------------------------

def netpol(selector: dict, *, types: list, egress: list | None = None) -> Obj:
    spec: Obj = {"podSelector": selector, "policyTypes": types}
    if egress is not None:
        spec["egress"] = egress
    return {"kind": "NetworkPolicy", "metadata": {"name": "backend-egress", "namespace": "todo"}, "spec": spec}


def test_policy_selecting_no_pod() -> None:
    s = state(netpol({"matchLabels": {"app": "api"}}, types=["Ingress"]),
              pod("backend-1", labels={"app": "backend-api"}))
    f = only("networkpolicy", s)
    assert "applies to nothing" in f.root_cause and "app: backend-api" in f.root_cause


def test_egress_policy_without_dns_and_dns_errors_in_logs() -> None:
    egress = [{"to": [{"podSelector": {"matchLabels": {"app": "postgres"}}}], "ports": [{"port": 5432, "protocol": "TCP"}]}]
    log = "socket.gaierror: [Errno -3] Temporary failure in name resolution\n"
    s = state(netpol({"matchLabels": {"app": "backend"}}, types=["Egress"], egress=egress),
              pod("backend-1", labels={"app": "backend"}, containers=[ctr("backend")]),
              logs={LogKey("todo", "backend-1", "backend", True): log})
    f = only("networkpolicy", s)
    assert "no rule allowing DNS" in f.root_cause and f.severity == Severity.CRITICAL
    assert any("Temporary failure in name resolution" in e.text and "(previous)" in e.source for e in f.evidence)
    assert '"k8s-app": "kube-dns"' in f.fix.commands[0]


def test_egress_policy_that_allows_dns_is_fine() -> None:
    egress = [{"to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
                       "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}],
               "ports": [{"port": 53, "protocol": "UDP"}, {"port": 53, "protocol": "TCP"}]}]
    s = state(netpol({"matchLabels": {"app": "backend"}}, types=["Egress"], egress=egress),
              pod("backend-1", labels={"app": "backend"}))
    assert run("networkpolicy", s) == []


def test_egress_port_range_covering_53_allows_dns() -> None:
    egress = [{"ports": [{"port": 1, "endPort": 1024, "protocol": "UDP"}]}]
    s = state(netpol({"matchLabels": {"app": "backend"}}, types=["Egress"], egress=egress),
              pod("backend-1", labels={"app": "backend"}))
    assert run("networkpolicy", s) == []


def test_dns_allowed_by_another_policy_for_the_same_pods() -> None:
    deny = netpol({"matchLabels": {"app": "backend"}}, types=["Egress"], egress=[])
    allow_dns = netpol({}, types=["Egress"], egress=[{"ports": [{"port": 53, "protocol": "UDP"}]}])
    allow_dns["metadata"]["name"] = "allow-dns"
    findings = run("networkpolicy", state(deny, allow_dns, pod("backend-1", labels={"app": "backend"})))
    # the namespace-wide allow-dns policy is explained as information, never reported as a problem
    assert [f.severity.value for f in findings] == ["info"] and "selects all 1 pod(s)" in findings[0].root_cause


# -- nodes ---------------------------------------------------------------------------------------------

def test_not_ready_node_with_its_pods() -> None:
    f = only("node", state(node("minikube-m02", ready="Unknown"), pod("web-1", node_name="minikube-m02")))
    assert "stopped posting status" in f.root_cause and "1 pod(s) on it" in f.root_cause
    assert "minikube ssh -n minikube-m02 -- sudo systemctl restart kubelet" in f.fix.commands


def test_disk_pressure_counts_evicted_pods() -> None:
    evicted = pod("web-1", phase="Failed", ready=False)
    evicted["status"].update({"reason": "Evicted", "message": "The node was low on resource: ephemeral-storage. "})
    ev = event("Node", "minikube", "EvictionThresholdMet", "Attempting to reclaim ephemeral-storage", ns=None)
    f = only("node", state(node(pressure="DiskPressure"), evicted, ev))
    assert "low on ephemeral-storage" in f.root_cause and "evicted 1 pod(s)" in f.root_cause
    assert any("docker system prune" in c for c in f.fix.commands)
    assert any("Attempting to reclaim ephemeral-storage" in e.text for e in f.evidence)


def test_cordoned_node_is_reported_only_when_pods_wait() -> None:
    # cordoning is deliberate (maintenance): information only, until pods wait for a node
    assert [f.severity.value for f in run("node", state(node(unschedulable=True), pod("web-1")))] == ["info"]
    f = only("node", state(node(unschedulable=True), pod("web-2", node_name=None)))
    assert f.fix.commands == ["kubectl uncordon minikube"]


def test_healthy_node_is_not_reported() -> None:
    assert run("node", state(node(), pod("web-1"))) == []


# -- registry and speed --------------------------------------------------------------------------------

def test_analyzers_are_registered_with_routing_words() -> None:
    for name in CLUSTER_ANALYZERS:
        assert ANALYZERS[name].keywords and ANALYZERS[name].kinds, name


@pytest.mark.timeout(120)
def test_cluster_analyzers_scale_to_ten_thousand_pods() -> None:
    objs: list[Obj] = [node(cpu="64", memory="256Gi")]
    for n in range(100):
        ns = f"ns{n}"
        objs.append(service("web", {"app": "web"}, ns=ns, port=3000, target=3000))
        objs.append({"kind": "NetworkPolicy", "metadata": {"name": "np", "namespace": ns},
                     "spec": {"podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress"]}})
        objs.append(deployment("web", ns=ns, replicas=99))
        objs.append(replicaset("web-abc", "web", ns=ns, replicas=99))
        for i in range(99):
            objs.append(pod(f"web-abc-{i}", ns=ns, labels={"app": "web"}, rs="web-abc",
                            containers=[ctr("web", port=3000, requests={"cpu": "10m"})]))
        objs.append(pod("stuck", ns=ns, node_name=None, message="0/1 nodes are available: 1 Insufficient cpu."))
    s = state(*objs)
    # no wall-clock assertion (speed targets live in bench/); the timeout mark catches a quadratic regression
    findings = [f for name in CLUSTER_ANALYZERS for f in ANALYZERS[name].analyze(s)]
    assert len([f for f in findings if f.analyzer == "scheduling"]) == 100
