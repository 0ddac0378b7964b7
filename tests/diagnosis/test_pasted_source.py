"""Pasted kubectl text: describe output, get tables, event tables and raw logs become the same JSON dicts."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.diagnosis.intake.partial import PLACEHOLDER
from agent.diagnosis.sources.pasted import PastedSource, load_pasted
from agent.diagnosis.sources.tables import container_name
from agent.diagnosis.state import LogKey
from agent.errors import UsageError

HERE = Path(__file__).parent / "pasted"
POD = "backend-7d9f8b6c5-x2x4k"


@pytest.fixture(scope="module")
def pod_case():
    return load_pasted([HERE / "describe_pod.txt", HERE / "logs.txt", HERE / "get.txt", HERE / "events.txt"])


@pytest.fixture(scope="module")
def others():
    return load_pasted([HERE / "describe_others.txt"])


def test_describe_pod_status(pod_case) -> None:
    pod = pod_case.get("Pod", "todo", POD)
    status = pod["status"]
    assert status["phase"] == "Running"
    cs = status["containerStatuses"][0]
    assert (cs["name"], cs["ready"], cs["restartCount"]) == ("backend", False, 7)
    assert cs["state"] == {"waiting": {"reason": "CrashLoopBackOff"}}
    assert cs["lastState"]["terminated"]["exitCode"] == 1 and cs["lastState"]["terminated"]["reason"] == "Error"
    assert {"type": "Ready", "status": "False"} in status["conditions"]
    assert status["initContainerStatuses"][0]["state"]["terminated"]["reason"] == "Completed"
    assert pod["metadata"]["ownerReferences"][0]["name"] == "backend-7d9f8b6c5"
    assert pod["metadata"]["labels"] == {"app": "backend", "pod-template-hash": "7d9f8b6c5"}


def test_describe_pod_spec(pod_case) -> None:
    spec = pod_case.get("Pod", "todo", POD)["spec"]
    c = spec["containers"][0]
    assert c["resources"] == {"limits": {"cpu": "500m", "memory": "256Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}}
    assert c["livenessProbe"]["httpGet"] == {"scheme": "HTTP", "port": 8080, "path": "/healthz"}
    assert c["livenessProbe"]["failureThreshold"] == 3 and c["readinessProbe"]["tcpSocket"] == {"port": 8080}
    assert {"name": "DATABASE_URL", "valueFrom": {"secretKeyRef": {"key": "url", "name": "backend-secrets",
                                                                     "optional": False}}} in c["env"]
    assert {"name": "POD_NAME", "valueFrom": {"fieldRef": {"fieldPath": "metadata.name"}}} in c["env"]
    assert c["envFrom"] == [{"configMapRef": {"name": "backend-config", "optional": False}}]
    assert {"mountPath": "/data", "name": "data", "readOnly": False} in c["volumeMounts"]
    volumes = {v["name"]: v for v in spec["volumes"]}
    assert volumes["data"]["persistentVolumeClaim"]["claimName"] == "backend-data"
    assert volumes["config"]["configMap"]["name"] == "backend-config"
    assert spec["nodeName"] == "minikube" and spec["initContainers"][0]["command"] == ["python", "manage.py", "migrate"]


def test_events_join_their_object_in_order_once(pod_case) -> None:
    events = pod_case.events_for("Pod", "todo", POD)
    assert [(e["reason"], e["count"]) for e in events] == [("Scheduled", 1), ("Pulled", 5), ("BackOff", 43)]
    assert [e["reason"] for e in pod_case.events_for("Deployment", "todo", "backend")] == ["ScalingReplicaSet"]


def test_describe_wins_over_table_rows_and_tables_add_the_rest(pod_case) -> None:
    assert pod_case.get("Pod", "todo", POD)["status"]["containerStatuses"][0]["image"].endswith("1.4.2")
    frontend = pod_case.get("Pod", "todo", "frontend-6c8d9b7f4-q8w2e")
    assert frontend["status"]["phase"] == "Running" and frontend["spec"]["nodeName"] == "minikube"
    assert frontend["status"]["containerStatuses"][0]["ready"] is True
    svc = pod_case.get("Service", "todo", "frontend")
    assert svc["spec"]["ports"] == [{"port": 80, "protocol": "TCP", "nodePort": 30080}]
    assert pod_case.get("Deployment", "todo", "backend")["status"]["readyReplicas"] == 0


def test_raw_log_belongs_to_the_failing_pod(pod_case) -> None:
    assert "KeyError: 'DATABASE_URL'" in pod_case.logs[LogKey("todo", POD, "backend", False)]
    assert not pod_case.warnings


def test_kubectl_logs_command_names_pod_container_and_previous(tmp_path: Path) -> None:
    f = tmp_path / "session.txt"
    f.write_text("$ kubectl get pods -n shop\nNAME      READY   STATUS    RESTARTS   AGE\napi-0     0/1     Error     3          1m\n"
                 "web-0     1/1     Running   0          1m\n\n$ kubectl logs -n shop api-0 -c server --previous\npanic: boom\n")
    state = load_pasted([f])
    assert state.log("shop", "api-0", "server", previous=True) == "panic: boom\n"


def test_log_without_any_pod_is_the_log_of_the_workload_in_question(tmp_path: Path) -> None:
    f = tmp_path / "worker.log"
    f.write_text("fatal: cannot open /data/db\n")
    state = load_pasted([f])
    assert state.log("default", PLACEHOLDER, PLACEHOLDER) == "fatal: cannot open /data/db\n"
    assert not state.warnings
    assert [e.kind for e in state.intake.failures()] == ["log"]


def test_describe_deployment_service_pvc_node_ingress(others) -> None:
    dep = others.get("Deployment", "todo", "backend")
    assert dep["spec"]["replicas"] == 2 and dep["status"]["availableReplicas"] == 1
    assert {"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"} in dep["status"]["conditions"]
    assert dep["spec"]["template"]["spec"]["containers"][0]["image"] == "registry.example.com/backend:1.5.0"
    svc = others.get("Service", "todo", "backend")
    assert svc["spec"]["selector"] == {"app": "backend-api"}
    assert svc["spec"]["ports"] == [{"port": 80, "protocol": "TCP", "name": "http", "targetPort": 8080}]
    assert others.get("Endpoints", "todo", "backend")["subsets"] == []
    pvc = others.get("PersistentVolumeClaim", "todo", "backend-data")
    assert pvc["spec"]["storageClassName"] == "fast-ssd" and pvc["status"]["phase"] == "Pending"
    assert others.events_for("PersistentVolumeClaim", "todo", "backend-data")[0]["reason"] == "ProvisioningFailed"
    node = others.get("Node", None, "minikube")
    assert {"key": "dedicated", "value": "infra", "effect": "NoExecute"} in node["spec"]["taints"]
    assert {c["type"]: c["status"] for c in node["status"]["conditions"]}["DiskPressure"] == "True"
    assert node["status"]["allocatable"]["memory"] == "3913452Ki"
    paths = others.get("Ingress", "todo", "todo")["spec"]["rules"][0]["http"]["paths"]
    assert [(p["path"], p["backend"]["service"]["name"]) for p in paths] == [("/api", "backend"), ("/", "frontend")]


@pytest.mark.parametrize("status, phase, state_key, reason", [
    ("CrashLoopBackOff", "Running", "waiting", "CrashLoopBackOff"),
    ("ImagePullBackOff", "Pending", "waiting", "ImagePullBackOff"),
    ("OOMKilled", "Running", "terminated", "OOMKilled"),
    ("Completed", "Succeeded", "terminated", "Completed"),
])
def test_pod_table_status_becomes_container_state(tmp_path: Path, status, phase, state_key, reason) -> None:
    f = tmp_path / "get.txt"
    f.write_text(f"NAMESPACE   NAME           READY   STATUS   RESTARTS   AGE\n"
                 f"shop        cart-5d8f9-x   0/1     {status}   2          5m\n")
    pod = load_pasted([f]).get("Pod", "shop", "cart-5d8f9-x")
    assert pod["status"]["phase"] == phase
    assert pod["status"]["containerStatuses"][0]["state"][state_key]["reason"] == reason


def test_container_name_drops_generated_suffixes() -> None:
    assert container_name("backend-7d9f8b6c5-x2x4k") == "backend"
    assert container_name("postgres-0") == "postgres"
    assert container_name("frontend-chatbot-6c8d9b7f4-q8w2e") == "frontend-chatbot"


def test_nothing_recognisable_is_a_usage_error(tmp_path: Path) -> None:
    f = tmp_path / "empty.txt"
    f.write_text("\n\n")
    with pytest.raises(UsageError, match="nothing in the pasted files"):
        PastedSource([f]).load()


def test_pvc_and_node_tables(tmp_path: Path) -> None:
    f = tmp_path / "get.txt"
    f.write_text(
        "$ kubectl get pvc -n todo\n"
        "NAME           STATUS    VOLUME                                     CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\n"
        "backend-data   Pending                                                                        fast-ssd       <unset>                 5m\n"
        "pg-data        Bound     pvc-3f1c2a9e-5b7d-4c1e-9a2b-7e6f5d4c3b2a   1Gi        RWO            standard       <unset>                 2d\n"
        "\n$ kubectl get nodes\n"
        "NAME           STATUS                        ROLES           AGE   VERSION\n"
        "minikube       Ready                         control-plane   2d    v1.31.0\n"
        "minikube-m02   NotReady,SchedulingDisabled   <none>          2d    v1.31.0\n")
    state = load_pasted([f])
    pending = state.get("PersistentVolumeClaim", "todo", "backend-data")
    assert pending["status"]["phase"] == "Pending" and pending["spec"] == {"storageClassName": "fast-ssd"}
    bound = state.get("PersistentVolumeClaim", "todo", "pg-data")
    assert bound["status"]["capacity"] == {"storage": "1Gi"} and bound["spec"]["volumeName"].startswith("pvc-3f1c")
    m02 = state.get("Node", None, "minikube-m02")
    assert m02["status"]["conditions"] == [{"type": "Ready", "status": "False"}] and m02["spec"]["unschedulable"]
    assert state.get("Node", None, "minikube")["status"]["conditions"][0]["status"] == "True"
    assert {"PersistentVolumeClaim", "Node"} <= state.kinds_read


def test_all_namespaces_event_table(tmp_path: Path) -> None:
    f = tmp_path / "events.txt"
    f.write_text(
        "NAMESPACE   LAST SEEN   TYPE      REASON               OBJECT                       MESSAGE\n"
        "shop        3m          Warning   FailedScheduling     pod/cart-0                   0/1 nodes are available: 1 Insufficient cpu.\n"
        "todo        1m          Warning   ProvisioningFailed   persistentvolumeclaim/data   storageclass.storage.k8s.io \"gp2\" not found\n")
    state = load_pasted([f])
    assert state.events_for("Pod", "shop", "cart-0")[0]["message"] == "0/1 nodes are available: 1 Insufficient cpu."
    assert state.events_for("PersistentVolumeClaim", "todo", "data")[0]["reason"] == "ProvisioningFailed"


def test_describe_secret_and_configmap_keep_keys_only(tmp_path: Path) -> None:
    f = tmp_path / "describe.txt"
    f.write_text(
        "Name:         backend-secrets\nNamespace:    todo\nLabels:       <none>\nAnnotations:  <none>\n\n"
        "Type:  Opaque\n\nData\n====\nOPENAI_API_KEY:  51 bytes\nDATABASE_URL:    60 bytes\n\n\n"
        "Name:         backend-config\nNamespace:    todo\nLabels:       app=backend\nAnnotations:  <none>\n\n"
        "Data\n====\nLOG_LEVEL:\n----\ninfo\n\nsettings.yaml:\n----\ndatabase:\n  host: postgres\nport: 5432\n\n"
        "BinaryData\n====\n\nEvents:  <none>\n")
    state = load_pasted([f])
    secret = state.get("Secret", "todo", "backend-secrets")
    assert secret["data"] == {"OPENAI_API_KEY": "", "DATABASE_URL": ""} and secret["type"] == "Opaque"
    config = state.get("ConfigMap", "todo", "backend-config")
    assert config["data"] == {"LOG_LEVEL": "", "settings.yaml": ""}
    assert config["metadata"]["labels"] == {"app": "backend"}


def test_garbled_table_cells_become_defaults_not_a_traceback(tmp_path: Path) -> None:
    pasted = tmp_path / "get.txt"
    pasted.write_text(
        "$ kubectl get pods -n todo\n"
        "NAME                       READY   STATUS             RESTARTS      AGE\n"
        "backend-7d9f8b6c5-x2x4k    0/1     CrashLoopBackOff   11h           12m\n"
        "\n"
        "$ kubectl get deploy -n todo\n"
        "NAME      READY   UP-TO-DATE   AVAILABLE   AGE\n"
        "backend   0/2     :0           1  x        71m\n")
    state = load_pasted([pasted])
    deploy = state.get("Deployment", "todo", "backend")
    assert deploy["spec"]["replicas"] == 2 and deploy["status"]["updatedReplicas"] == 0
    assert deploy["status"]["availableReplicas"] == 1
    assert state.get("Pod", "todo", "backend-7d9f8b6c5-x2x4k")["status"]["containerStatuses"][0]["restartCount"] == 11


def test_a_manifest_with_an_empty_reference_is_still_answered(tmp_path: Path) -> None:
    from agent.diagnosis.engine import answer

    pasted = tmp_path / "pod.yaml"
    pasted.write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: backend-7d9f8b6c5-x2x4k\n  namespace: todo\n"
        "  labels:\n    app:\nspec:\n  containers:\n  - name: backend\n    image: todo-backend:1.0\n"
        "    envFrom:\n    - configMapRef:\n    env:\n    - name: DATABASE_URL\n      valueFrom:\n        secretKeyRef:\n"
        "  volumes:\n  - name: data\n    persistentVolumeClaim:\n")
    result = answer(load_pasted([pasted]), "why is backend-7d9f8b6c5-x2x4k not working?")
    assert "backend-7d9f8b6c5-x2x4k" in result.summary


def test_a_garbled_restart_count_in_a_describe_is_read_as_far_as_it_goes(tmp_path: Path) -> None:
    text = (HERE / "describe_pod.txt").read_text().replace("Restart Count:  7", "Restart Count:  7/0", 1)
    pasted = tmp_path / "describe.txt"
    pasted.write_text(text)
    statuses = load_pasted([pasted]).get("Pod", "todo", POD)["status"]["containerStatuses"]
    assert [cs["restartCount"] for cs in statuses if cs["restartCount"]] == [7]
