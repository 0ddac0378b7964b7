"""Pod-level analyzers on small ClusterStates built here: crash causes, OOM, pulls, config, volumes,
init containers, probes, evictions, RBAC, Jobs. The scenario corpus covers the same classes end to end."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from agent.diagnosis.analyzers import ANALYZERS, all_analyzers
from agent.diagnosis.analyzers._pods import (
    PodIndex,
    containers,
    format_bytes,
    last_error_lines,
    owner_of,
    parse_quantity,
)
from agent.diagnosis.models import Finding, Severity
from agent.diagnosis.state import ClusterState, LogKey

Obj = dict[str, Any]
NS = "todo"
POD_ANALYZERS = (
    "crashloop",
    "oomkilled",
    "imagepull",
    "configerror",
    "volumemount",
    "initcontainers",
    "probes",
    "evictions",
    "rbac",
    "jobs",
)

all_analyzers()


# -- builders -----------------------------------------------------------------------------------


def meta(name: str, ns: str | None = NS, owner: tuple[str, str] | None = None, labels: dict | None = None) -> Obj:
    m: Obj = {"name": name, "labels": labels or {}}
    if ns:
        m["namespace"] = ns
    if owner:
        m["ownerReferences"] = [{"kind": owner[0], "name": owner[1], "controller": True}]
    return m


def container(name: str = "backend", image: str = "todo-backend:1.0.0", **extra: Any) -> Obj:
    return {"name": name, "image": image, "ports": [{"containerPort": 8000}], **extra}


def status(
    name: str = "backend",
    *,
    waiting: str | None = None,
    message: str | None = None,
    restarts: int = 0,
    last: Obj | None = None,
    ready: bool | None = None,
    terminated: Obj | None = None,
) -> Obj:
    if waiting:
        state = {"waiting": {"reason": waiting, **({"message": message} if message else {})}}
    elif terminated:
        state = {"terminated": terminated}
    else:
        state = {"running": {"startedAt": "2026-11-26T03:50:00Z"}}
    return {
        "name": name,
        "restartCount": restarts,
        "ready": bool(ready) if ready is not None else not waiting,
        "state": state,
        "lastState": {"terminated": last} if last else {},
    }


def exited(code: int, reason: str = "Error", message: str | None = None) -> Obj:
    return {
        "exitCode": code,
        "reason": reason,
        "finishedAt": "2026-11-26T03:54:00Z",
        **({"message": message} if message else {}),
    }


def pod(
    name: str,
    specs: list[Obj],
    statuses: list[Obj],
    *,
    owner: tuple[str, str] | None = ("ReplicaSet", "backend-7c9d8b6f4"),
    phase: str = "Running",
    init: list[Obj] | None = None,
    init_statuses: list[Obj] | None = None,
    labels: dict | None = None,
    ready: bool | None = None,
    **spec_extra: Any,
) -> Obj:
    spec: Obj = {"containers": specs, "nodeName": "minikube", **spec_extra}
    st: Obj = {"phase": phase, "containerStatuses": statuses}
    if init:
        spec["initContainers"] = init
        st["initContainerStatuses"] = init_statuses or []
    is_ready = all(s.get("ready") for s in statuses) if ready is None else ready
    st["conditions"] = [{"type": "Ready", "status": "True" if is_ready else "False"}]
    return {
        "kind": "Pod",
        "apiVersion": "v1",
        "metadata": meta(name, owner=owner, labels=labels or {"app": "backend"}),
        "spec": spec,
        "status": st,
    }


def workload(
    kind: str = "Deployment", name: str = "backend", spec_containers: list[Obj] | None = None, **spec: Any
) -> Obj:
    template = {"metadata": {"labels": {"app": name}}, "spec": {"containers": spec_containers or [container()]}}
    return {
        "kind": kind,
        "apiVersion": "apps/v1",
        "metadata": meta(name),
        "spec": {"selector": {"matchLabels": {"app": name}}, "template": template, **spec},
    }


def replicaset(name: str = "backend-7c9d8b6f4", deployment: str = "backend") -> Obj:
    return {"kind": "ReplicaSet", "apiVersion": "apps/v1", "metadata": meta(name, owner=("Deployment", deployment))}


def secret(name: str, keys: list[str], ns: str = NS, type_: str = "Opaque", kind: str = "Secret") -> Obj:
    return {
        "kind": kind,
        "apiVersion": "v1",
        "metadata": meta(name, ns),
        "type": type_,
        "data": dict.fromkeys(keys, ""),
    }


def service(name: str, selector: dict, port: int, ip: str, target: int | None = None) -> Obj:
    return {
        "kind": "Service",
        "apiVersion": "v1",
        "metadata": meta(name),
        "spec": {"clusterIP": ip, "selector": selector, "ports": [{"port": port, "targetPort": target or port}]},
    }


def event(
    pod_name: str,
    reason: str,
    message: str,
    container_name: str | None = "backend",
    type_: str = "Warning",
    kind: str = "Pod",
    count: int = 3,
) -> Obj:
    involved = {"kind": kind, "name": pod_name, "namespace": NS}
    if container_name:
        involved["fieldPath"] = f"spec.containers{{{container_name}}}"
    return {
        "kind": "Event",
        "apiVersion": "v1",
        "metadata": {"name": f"{pod_name}.{reason}", "namespace": NS},
        "involvedObject": involved,
        "reason": reason,
        "message": message,
        "type": type_,
        "count": count,
        "lastTimestamp": "2026-11-26T03:55:00Z",
    }


def cluster(
    *objs: Obj,
    logs: dict[tuple[str, str, bool], str] | None = None,
    read: tuple[str, ...] = ("Secret", "ConfigMap", "Service"),
) -> ClusterState:
    state = ClusterState(label="test")
    state.add_all([replicaset(), workload()])
    state.add_all(objs)
    for kind in read:
        state.mark_read(kind)
    for (pod_name, container_name, previous), text in (logs or {}).items():
        state.logs[LogKey(NS, pod_name, container_name, previous)] = text
    return state


def run(name: str, state: ClusterState) -> list[Finding]:
    return ANALYZERS[name].analyze(state)


def only(name: str, state: ClusterState) -> Finding:
    findings = run(name, state)
    assert len(findings) == 1, [f.root_cause for f in findings]
    return findings[0]


def text_of(f: Finding) -> str:
    return " ".join(
        [f.symptom, f.root_cause, f.fix.description, *f.fix.commands, f.fix.patch or "", *(e.text for e in f.evidence)]
    )


def crashing(
    spec: Obj | None = None,
    code: int = 1,
    reason: str = "Error",
    message: str | None = None,
    name: str = "backend-7c9d8b6f4-x2klm",
    **pod_extra: Any,
) -> Obj:
    spec = spec or container(envFrom=[{"secretRef": {"name": "backend-secrets"}}])
    return pod(
        name,
        [spec],
        [status(spec["name"], waiting="CrashLoopBackOff", restarts=7, last=exited(code, reason, message))],
        **pod_extra,
    )


# -- helpers in _pods --------------------------------------------------------------------------------


def test_quantities_round_trip() -> None:
    assert parse_quantity("512Mi") == 512 * 1024**2
    assert parse_quantity("250m") == 0.25
    assert parse_quantity("1Gi") == 1024**3
    assert parse_quantity("lots") is None
    assert format_bytes(512 * 1024**2) == "512Mi"
    assert format_bytes(2 * 1024**3) == "2Gi"


def test_owner_of_follows_replicaset_to_deployment_and_job_to_cronjob() -> None:
    job = {"kind": "Job", "apiVersion": "batch/v1", "metadata": meta("backup-1", owner=("CronJob", "backup"))}
    cron = {"kind": "CronJob", "apiVersion": "batch/v1", "metadata": meta("backup")}
    state = cluster(job, cron)
    assert str(owner_of(state, pod("p", [container()], [status()]))) == "Deployment/todo/backend"
    job_pod = pod("backup-1-abcde", [container()], [status()], owner=("Job", "backup-1"))
    assert str(owner_of(state, job_pod)) == "CronJob/todo/backup"
    orphan_rs = pod("web-5d8f7c9b6-q2w3e", [container()], [status()], owner=("ReplicaSet", "web-5d8f7c9b6"))
    assert str(owner_of(state, orphan_rs)) == "Deployment/todo/web"
    bare = pod("debug", [container()], [status()], owner=None)
    assert str(owner_of(state, bare)) == "Pod/todo/debug"


def test_last_error_lines_prefers_the_exception_over_traceback_frames() -> None:
    log = (
        'Traceback (most recent call last):\n  File "/app/main.py", line 3, in <module>\n    x = int(v)\n'
        "ValueError: invalid literal for int() with base 10: 'eight'\n"
    )
    assert last_error_lines(log) == ["ValueError: invalid literal for int() with base 10: 'eight'"]
    assert last_error_lines("starting\nlistening\nfatal: boom\n") == ["fatal: boom"]


def test_pod_index_finds_services_by_cluster_ip_and_names_across_namespaces() -> None:
    state = cluster(service("postgres", {"app": "postgres"}, 5432, "10.96.0.40"), secret("s", ["A"], ns="other"))
    index = PodIndex(state)
    assert index.service_by_ip("10.96.0.40")["metadata"]["name"] == "postgres"
    assert [o["metadata"]["namespace"] for o in index.by_name("Secret", "s")] == ["other"]
    assert [v.name for v in containers(crashing())] == ["backend"]


# -- crash loops ----------------------------------------------------------------------------------


def test_missing_env_names_the_secret_that_lacks_the_key() -> None:
    state = cluster(
        crashing(),
        secret("backend-secrets", ["BETTER_AUTH_SECRET", "OPENAI_API_KEY"]),
        logs={("backend-7c9d8b6f4-x2klm", "backend", True): "Traceback...\nKeyError: 'DATABASE_URL'\n"},
    )
    f = only("crashloop", state)
    assert str(f.object) == "Deployment/todo/backend"
    assert "DATABASE_URL" in f.root_cause and "Secret backend-secrets" in f.root_cause and "has no key" in f.root_cause
    assert any(
        c.startswith("kubectl patch secret backend-secrets -n todo") and "DATABASE_URL" in c for c in f.fix.commands
    )
    assert any(e.source == "logs:backend-7c9d8b6f4-x2klm/backend (previous)" for e in f.evidence)
    assert f.severity == Severity.CRITICAL and f.confidence >= 0.85


def test_missing_env_from_pydantic_settings_and_optional_secret_key_ref() -> None:
    spec = container(
        env=[
            {
                "name": "BETTER_AUTH_SECRET",
                "valueFrom": {
                    "secretKeyRef": {"name": "backend-secrets", "key": "BETTER_AUTH_SECRET", "optional": True}
                },
            }
        ]
    )
    log = (
        "pydantic_core._pydantic_core.ValidationError: 1 validation error for Settings\nbetter_auth_secret\n"
        "  Field required [type=missing, input_value={}, input_type=dict]\n"
    )
    state = cluster(
        crashing(spec, code=3),
        secret("backend-secrets", ["DATABASE_URL"]),
        logs={("backend-7c9d8b6f4-x2klm", "backend", True): log},
    )
    f = only("crashloop", state)
    assert "BETTER_AUTH_SECRET" in f.root_cause and "has no key BETTER_AUTH_SECRET" in f.root_cause


def test_missing_env_loaded_from_nowhere_points_at_the_secret_that_has_it() -> None:
    spec = container("frontend-chatbot", "todo-frontend-chatbot:1.0.0")
    state = cluster(
        crashing(spec),
        secret("backend-secrets", ["OPENAI_API_KEY"]),
        logs={
            (
                "backend-7c9d8b6f4-x2klm",
                "frontend-chatbot",
                True,
            ): "Error: Missing required environment variable OPENAI_API_KEY\n    at requireEnv (/app/env.js:4:11)"
        },
    )
    f = only("crashloop", state)
    assert "no env or envFrom entry" in f.root_cause
    assert any("--from=secret/backend-secrets --keys=OPENAI_API_KEY" in c for c in f.fix.commands)


@pytest.mark.parametrize(
    ("log", "message", "code", "expected"),
    [
        ("", 'exec: "uvicorn": executable file not found in $PATH: unknown', 127, "uvicorn, which is not found"),
        ("/bin/sh: 1: gunicorn: not found", None, 127, "gunicorn, which is not found"),
        ("", 'exec: "/app/start.sh": permission denied: unknown', 126, "not executable"),
        (
            "FileNotFoundError: [Errno 2] No such file or directory: '/app/config.yaml'",
            None,
            1,
            "/app/config.yaml does not exist",
        ),
        (
            "Error: ENOENT: no such file or directory, open '/app/.env.production'",
            None,
            1,
            "/app/.env.production does not exist",
        ),
        (
            'could not translate host name "postgres-db" to address: Name or service not known',
            None,
            1,
            "no Service postgres-db",
        ),
        ("Error: getaddrinfo ENOTFOUND redis-master", None, 1, "no Service redis-master"),
        (
            "OSError: [Errno 30] Read-only file system: '/app/uploads'",
            None,
            3,
            "/app/uploads is on a read-only file system",
        ),
        (
            "PermissionError: [Errno 13] Permission denied: '/app/data/todo.db'",
            None,
            1,
            "no permission to write /app/data/todo.db",
        ),
        ("Error: listen EADDRINUSE: address already in use :::3000", None, 1, "port 3000 is already in use"),
        ('FATAL:  password authentication failed for user "todo"', None, 1, "rejects the credentials of user todo"),
        (
            'psycopg2.errors.DuplicateTable: relation "tasks" already exists',
            None,
            1,
            "creates table tasks, which already exists",
        ),
        ("panic: runtime error: invalid memory address or nil pointer dereference", None, 2, "Its last output: panic"),
        ("", None, 139, "No logs were captured"),
    ],
)
def test_crash_causes_are_read_from_logs_and_termination_messages(
    log: str, message: str | None, code: int, expected: str
) -> None:
    logs = {("backend-7c9d8b6f4-x2klm", "backend", True): log} if log else {}
    state = cluster(crashing(code=code, message=message), logs=logs)
    f = only("crashloop", state)
    assert expected in f.root_cause, f.root_cause
    if not log and not message:
        assert f.confidence < 0.5 and "segmentation fault" in f.root_cause


def test_connection_refused_to_a_service_without_pods_names_host_port_and_selector() -> None:
    state = cluster(
        crashing(),
        service("postgres", {"app": "postgres"}, 5432, "10.96.112.40"),
        secret("backend-secrets", ["DATABASE_URL"]),
        logs={
            (
                "backend-7c9d8b6f4-x2klm",
                "backend",
                True,
            ): 'psycopg2.OperationalError: connection to server at "postgres" (10.96.112.40), port 5432 '
            "failed: Connection refused"
        },
    )
    f = only("crashloop", state)
    assert "postgres:5432 (10.96.112.40)" in f.root_cause
    assert "DATABASE_URL from the Secret backend-secrets" in f.root_cause
    assert "selector app=postgres matches no pod" in f.root_cause


def test_connection_refused_on_localhost_means_the_dependency_is_not_in_the_pod() -> None:
    state = cluster(
        crashing(), logs={("backend-7c9d8b6f4-x2klm", "backend", True): "Error: connect ECONNREFUSED 127.0.0.1:6379"}
    )
    assert "inside its own pod" in only("crashloop", state).root_cause


def test_dns_failure_for_a_service_in_another_namespace_gives_the_fqdn() -> None:
    other = service("postgres", {"app": "postgres"}, 5432, "10.96.3.3")
    other["metadata"]["namespace"] = "database"
    state = cluster(
        crashing(),
        other,
        logs={("backend-7c9d8b6f4-x2klm", "backend", True): "dial tcp: lookup postgres on 10.96.0.10:53: no such host"},
    )
    assert "postgres.database.svc.cluster.local" in only("crashloop", state).root_cause


def test_port_in_use_blames_the_sidecar_with_the_same_port() -> None:
    web = container("frontend-web", "web:1", ports=[{"containerPort": 3000}])
    proxy = container("auth-proxy", "oauth2-proxy:7", ports=[{"containerPort": 3000}])
    p = pod(
        "web-1",
        [web, proxy],
        [status("frontend-web", waiting="CrashLoopBackOff", restarts=3, last=exited(1)), status("auth-proxy")],
    )
    state = cluster(
        p, logs={("web-1", "frontend-web", True): "Error: listen EADDRINUSE: address already in use :::3000"}
    )
    f = only("crashloop", state)
    assert "auth-proxy" in f.root_cause and "same pod" in f.root_cause


def test_pods_of_one_workload_with_one_cause_are_grouped() -> None:
    logs = {
        (n, "backend", True): "KeyError: 'DATABASE_URL'" for n in ("backend-7c9d8b6f4-aaaaa", "backend-7c9d8b6f4-bbbbb")
    }
    state = cluster(crashing(name="backend-7c9d8b6f4-aaaaa"), crashing(name="backend-7c9d8b6f4-bbbbb"), logs=logs)
    f = only("crashloop", state)
    assert {r.name for r in f.related} == {"backend-7c9d8b6f4-aaaaa", "backend-7c9d8b6f4-bbbbb"}
    assert f.symptom.startswith("2 pods of deployment/backend")


def test_crashloop_leaves_oom_kills_liveness_kills_and_old_restarts_to_others() -> None:
    oom = crashing(name="backend-7c9d8b6f4-oom11", code=137, reason="OOMKilled")
    live = crashing(name="backend-7c9d8b6f4-live1", code=137)
    healed = pod("backend-7c9d8b6f4-old11", [container()], [status(restarts=1, last=exited(1))])
    kill = event(
        "backend-7c9d8b6f4-live1",
        "Killing",
        "Container backend failed liveness probe, will be restarted",
        type_="Normal",
    )
    assert run("crashloop", cluster(oom, live, healed, kill)) == []


# -- OOM --------------------------------------------------------------------------------------------


def test_oomkilled_suggests_double_the_limit_with_a_set_resources_command() -> None:
    spec = container(resources={"limits": {"memory": "256Mi"}, "requests": {"memory": "128Mi"}})
    state = cluster(crashing(spec, code=137, reason="OOMKilled"))
    f = only("oomkilled", state)
    assert "256Mi" in f.root_cause and "512Mi" in f.root_cause
    assert (
        "kubectl set resources deployment/backend -n todo -c backend --limits=memory=512Mi --requests=memory=128Mi"
        in f.fix.commands
    )


def test_oomkilled_says_why_the_new_limit_is_not_double_when_it_is_not() -> None:
    spec = container(resources={"limits": {"memory": "128Mi"}})
    f = only("oomkilled", cluster(crashing(spec, code=137, reason="OOMKilled")))
    assert "512Mi" in f.root_cause and "default for a backend" in f.root_cause
    assert "double" not in f.root_cause


def test_oomkilled_without_limit_and_history_only_cases() -> None:
    state = cluster(crashing(container(), code=137, reason="OOMKilled"))
    f = only("oomkilled", state)
    assert "without a memory limit" in f.root_cause and "512Mi" in f.fix.commands[0]
    once = pod("backend-7c9d8b6f4-once1", [container()], [status(restarts=1, last=exited(137, "OOMKilled"))])
    assert run("oomkilled", cluster(once)) == []


# -- image pulls -------------------------------------------------------------------------------------


def _pulling(image: str, reason: str, message: str, **extra: Any) -> tuple[Obj, Obj]:
    p = pod(
        "backend-7c9d8b6f4-x2klm",
        [container(image=image)],
        [status(waiting=reason, message=message)],
        phase="Pending",
        **extra,
    )
    ev = event(p["metadata"]["name"], "Failed", f'Failed to pull image "{image}": {message}')
    return p, ev


def test_local_image_missing_from_minikube_is_not_an_auth_problem() -> None:
    p, ev = _pulling(
        "todo-backend:v9",
        "ErrImagePull",
        "Error response from daemon: pull access denied for todo-backend, repository does not exist or "
        "may require 'docker login': denied: requested access to the resource is denied",
    )
    node = {
        "kind": "Node",
        "apiVersion": "v1",
        "metadata": meta("minikube", None),
        "status": {"images": [{"names": ["todo-backend:1.0.0"], "sizeBytes": 1}]},
    }
    f = only("imagepull", cluster(p, ev, node))
    assert "not in the Minikube node" in f.root_cause and "1.0.0" in f.root_cause
    assert "minikube image load todo-backend:v9" in f.fix.commands
    assert "imagePullSecret" not in f.root_cause


def test_private_registry_with_missing_pull_secret() -> None:
    p, ev = _pulling(
        "ghcr.io/acme/web:1.3.0",
        "ImagePullBackOff",
        "unauthorized: authentication required",
        imagePullSecrets=[{"name": "ghcr-creds"}],
    )
    f = only("imagepull", cluster(p, ev))
    assert "ghcr-creds does not exist" in f.root_cause
    assert f.fix.commands[0].startswith(
        "kubectl create secret docker-registry ghcr-creds -n todo --docker-server=ghcr.io"
    )


def test_registry_tag_not_found_and_invalid_names() -> None:
    p, ev = _pulling(
        "ghcr.io/acme/api:2.3.1",
        "ErrImagePull",
        "rpc error: code = NotFound desc = failed to resolve reference: ghcr.io/acme/api:2.3.1: not found",
    )
    assert "tag 2.3.1 was never pushed" in only("imagepull", cluster(p, ev)).root_cause
    bad = pod(
        "backend-7c9d8b6f4-x2klm",
        [container(image="Todo-Backend:1.0")],
        [status(waiting="InvalidImageName", message="invalid reference format: repository name must be lowercase")],
    )
    f = only("imagepull", cluster(bad))
    assert "lowercase" in f.root_cause and "backend=todo-backend:1.0" in f.fix.commands[0]


# -- CreateContainerConfigError ----------------------------------------------------------------------


def test_config_error_missing_key_and_missing_secret_in_this_namespace() -> None:
    spec = container(
        env=[
            {
                "name": "OPENAI_API_KEY",
                "valueFrom": {"secretKeyRef": {"name": "backend-secrets", "key": "OPENAI_API_KEY"}},
            }
        ]
    )
    p = pod(
        "backend-7c9d8b6f4-x2klm",
        [spec],
        [
            status(
                waiting="CreateContainerConfigError",
                message="couldn't find key OPENAI_API_KEY in Secret todo/backend-secrets",
            )
        ],
    )
    f = only("configerror", cluster(p, secret("backend-secrets", ["DATABASE_URL", "OPENAI_KEY"])))
    assert "has no key OPENAI_API_KEY" in f.root_cause and "OPENAI_KEY" in f.root_cause
    assert f.fix.commands[0].startswith("kubectl patch secret backend-secrets -n todo")

    p2 = pod(
        "backend-7c9d8b6f4-x2klm",
        [spec],
        [status(waiting="CreateContainerConfigError", message='secret "backend-secrets" not found')],
    )
    f2 = only("configerror", cluster(p2, secret("backend-secrets", ["OPENAI_API_KEY"], ns="default")))
    assert "does not exist in namespace todo" in f2.root_cause and "namespace default" in f2.root_cause


def test_config_error_run_as_non_root() -> None:
    p = pod(
        "backend-7c9d8b6f4-x2klm",
        [container()],
        [
            status(
                waiting="CreateContainerConfigError",
                message="container has runAsNonRoot and image will run as root "
                '(pod: "backend-7c9d8b6f4-x2klm_todo(1)", container: backend)',
            )
        ],
    )
    f = only("configerror", cluster(p))
    assert "runs as root" in f.root_cause and '"runAsUser": 1000' in f.fix.commands[0]


# -- volumes ---------------------------------------------------------------------------------------


def test_failed_mount_of_a_missing_secret_and_multi_attach() -> None:
    p = pod(
        "backend-7c9d8b6f4-x2klm",
        [container()],
        [status(waiting="ContainerCreating")],
        phase="Pending",
        volumes=[{"name": "tls", "secret": {"secretName": "frontend-tls"}}],
    )
    ev = event(
        p["metadata"]["name"],
        "FailedMount",
        'MountVolume.SetUp failed for volume "tls" : secret "frontend-tls" not found',
        container_name=None,
    )
    f = only("volumemount", cluster(p, ev))
    assert (
        "Secret frontend-tls" in f.root_cause
        and "kubectl create secret generic frontend-tls -n todo" in f.fix.commands[0]
    )

    ev2 = event(
        p["metadata"]["name"],
        "FailedAttachVolume",
        'Multi-Attach error for volume "pvc-1a2b" Volume is already used by pod(s) backend-7c9d8b6f4-old11',
        container_name=None,
    )
    f2 = only("volumemount", cluster(p, ev2))
    assert "ReadWriteOnce" in f2.root_cause and any("Recreate" in c for c in f2.fix.commands)


# -- init containers ---------------------------------------------------------------------------------


def test_init_container_failure_uses_its_own_logs() -> None:
    init = container("wait-for-db", "busybox:1.36", command=["sh", "-c", "until nc -z postgres 5432; do sleep 2; done"])
    p = pod(
        "backend-7c9d8b6f4-x2klm",
        [container()],
        [status(waiting="PodInitializing")],
        phase="Pending",
        init=[init],
        init_statuses=[status("wait-for-db", waiting="CrashLoopBackOff", restarts=4, last=exited(1))],
    )
    state = cluster(p, logs={("backend-7c9d8b6f4-x2klm", "wait-for-db", True): "nc: bad address 'postgres'"})
    f = only("initcontainers", state)
    assert "init container wait-for-db" in f.root_cause and "no Service postgres" in f.root_cause
    assert run("crashloop", state) == []


def test_init_container_command_with_a_password_is_redacted_in_the_evidence() -> None:
    init = container("migrate", "todo-backend:1.0.0",
                     command=["sh", "-c", "alembic -x url=postgresql://app:s3cretpw@db/todo upgrade head"])
    p = pod(
        "backend-7c9d8b6f4-x2klm",
        [container()],
        [status(waiting="PodInitializing")],
        phase="Pending",
        init=[init],
        init_statuses=[status("migrate", waiting="CrashLoopBackOff", restarts=4, last=exited(1))],
    )
    f = only("initcontainers", cluster(p))
    assert "s3cretpw" not in text_of(f)
    assert any("init container migrate runs:" in e.text for e in f.evidence)


def test_spec_command_with_a_password_is_redacted_in_the_evidence() -> None:
    spec = container(command=["uvicron", "main:app", "--db", "postgresql://app:s3cretpw@db/todo"])
    p = pod("backend-7c9d8b6f4-x2klm", [spec], [status(waiting="CrashLoopBackOff", restarts=3, last=exited(127))])
    log = 'exec: "uvicron": executable file not found in $PATH'
    f = only("crashloop", cluster(p, logs={("backend-7c9d8b6f4-x2klm", "backend", True): log}))
    assert "uvicron" in f.root_cause
    assert not any("s3cretpw" in e.text for e in f.evidence)


# -- probes -------------------------------------------------------------------------------------------


def _probed(spec: Obj, restarts: int = 3, ready: bool = False, **status_extra: Any) -> Obj:
    return pod("backend-7c9d8b6f4-x2klm", [spec], [status(restarts=restarts, ready=ready, **status_extra)])


def test_probe_on_the_wrong_port() -> None:
    spec = container(readinessProbe={"httpGet": {"path": "/ready", "port": 8080}})
    p = _probed(spec, restarts=0)
    ev = event(
        p["metadata"]["name"],
        "Unhealthy",
        'Readiness probe failed: Get "http://10.244.0.9:8080/ready": dial tcp 10.244.0.9:8080: connect: connection refused',
    )
    f = only("probes", cluster(p, ev, service("backend-service", {"app": "backend"}, 8000, "10.96.0.5")))
    assert "port 8080" in f.root_cause and "port 8000" in f.root_cause and "targets port 8000" in f.root_cause
    assert '"port": 8000' in f.fix.commands[0]


def test_wrong_path_fix_leaves_a_tcp_probe_failing_beside_it_alone() -> None:
    spec = container(
        ports=[{"containerPort": 8000}],
        readinessProbe={"tcpSocket": {"port": 8000}},
        livenessProbe={"httpGet": {"path": "/healthz", "port": 8000}},
    )
    p = _probed(spec)
    name = p["metadata"]["name"]
    evs = [
        event(name, "Unhealthy", "Readiness probe failed: dial tcp 10.244.0.9:8000: i/o timeout", count=3),
        event(name, "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 404", count=3),
    ]
    f = only("probes", cluster(p, *evs))
    assert "requests /healthz on port 8000" in f.root_cause
    assert "readinessProbe" not in f.fix.commands[0] and '"livenessProbe"' in f.fix.commands[0]


def test_probe_on_a_path_the_app_does_not_serve() -> None:
    spec = container(livenessProbe={"httpGet": {"path": "/healthz", "port": 8000}})
    p = _probed(spec, ready=True)
    evs = [
        event(p["metadata"]["name"], "Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 404"),
        event(
            p["metadata"]["name"],
            "Killing",
            "Container backend failed liveness probe, will be restarted",
            type_="Normal",
        ),
    ]
    log = (
        'INFO:     10.244.0.1:1 - "GET /healthz HTTP/1.1" 404 Not Found\n'
        'INFO:     10.244.0.1:2 - "GET /health HTTP/1.1" 200 OK\n'
    )
    f = only("probes", cluster(p, *evs, logs={("backend-7c9d8b6f4-x2klm", "backend", True): log}))
    assert "/healthz" in f.root_cause and "200 on /health" in f.root_cause


def test_liveness_probe_killing_a_slow_starting_app() -> None:
    spec = container(
        livenessProbe={
            "httpGet": {"path": "/health", "port": 8000},
            "initialDelaySeconds": 10,
            "periodSeconds": 10,
            "failureThreshold": 3,
        }
    )
    p = pod("backend-7c9d8b6f4-x2klm", [spec], [status(waiting="CrashLoopBackOff", restarts=5, last=exited(137))])
    evs = [
        event(
            p["metadata"]["name"],
            "Unhealthy",
            'Liveness probe failed: Get "http://10.244.0.9:8000/health": dial tcp '
            "10.244.0.9:8000: connect: connection refused",
        ),
        event(
            p["metadata"]["name"],
            "Killing",
            "Container backend failed liveness probe, will be restarted",
            type_="Normal",
        ),
    ]
    log = "2026-11-26 03:56:01,1 INFO loading model\n2026-11-26 03:56:45,2 INFO still indexing\n"
    state = cluster(p, *evs, logs={("backend-7c9d8b6f4-x2klm", "backend", True): log})
    f = only("probes", state)
    assert "40s" in f.root_cause and "44s" in f.root_cause and "startupProbe" in f.fix.commands[0]
    assert run("crashloop", state) == []


def test_probe_failures_on_a_ready_pod_without_restarts_are_not_reported() -> None:
    p = _probed(container(), restarts=0, ready=True)
    ev = event(p["metadata"]["name"], "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503")
    assert run("probes", cluster(p, ev)) == []


# -- evictions, RBAC ---------------------------------------------------------------------------------


def test_evicted_pods_report_the_resource_and_cleanup() -> None:
    msg = (
        "The node was low on resource: ephemeral-storage. Threshold quantity: 6120224Ki, available: 5212876Ki. "
        "Container backend was using 9843212Ki, request is 0, has larger consumption of ephemeral-storage. "
    )
    evicted = [
        pod(f"backend-7c9d8b6f4-ev{i}00", [container()], [status(terminated=exited(137))], phase="Failed")
        for i in range(2)
    ]
    for p in evicted:
        p["status"].update({"reason": "Evicted", "message": msg})
    f = only("evictions", cluster(*evicted))
    assert "ephemeral-storage" in f.root_cause and "using 9843212Ki with a request of 0." in f.root_cause
    assert "kubectl delete pods -n todo --field-selector=status.phase=Failed" in f.fix.commands


def test_disk_cleanup_is_for_the_kind_of_node_the_pods_were_evicted_from() -> None:
    msg = "The node was low on resource: ephemeral-storage. "
    evicted = pod("backend-7c9d8b6f4-ev100", [container()], [status(terminated=exited(137))], phase="Failed")
    evicted["status"].update({"reason": "Evicted", "message": msg})
    evicted["spec"]["nodeName"] = "worker-1"
    worker = {"kind": "Node", "apiVersion": "v1", "metadata": {"name": "worker-1", "labels": {}}, "status": {}}
    commands = only("evictions", cluster(evicted, worker)).fix.commands
    assert "ssh worker-1 sudo crictl rmi --prune" in commands
    assert not any(c.startswith("minikube") for c in commands)


def test_rbac_forbidden_in_json_escaped_logs() -> None:
    p = pod("scaler-6f7d8-abcde", [container("scaler", "scaler:1")], [status("scaler")], owner=None)
    log = (
        'HTTP response body: {"message":"deployments.apps is forbidden: User \\"system:serviceaccount:todo:default\\" '
        'cannot list resource \\"deployments\\" in API group \\"apps\\" in the namespace \\"todo\\"","code":403}'
    )
    f = only("rbac", cluster(p, logs={("scaler-6f7d8-abcde", "scaler", False): log}))
    assert "todo:default" in f.root_cause and "list deployments.apps" in f.root_cause
    assert f.fix.commands[:2] == [
        "kubectl create role scaler-6f7d8-abcde-deployments-list --verb=list --resource=deployments.apps -n todo",
        "kubectl create rolebinding scaler-6f7d8-abcde-deployments-list --role=scaler-6f7d8-abcde-deployments-list "
        "--serviceaccount=todo:default -n todo",
    ]


# -- Jobs ------------------------------------------------------------------------------------------------


def _job(
    name: str, *, failed: bool, owner: tuple[str, str] | None = None, created: str = "2026-11-26T03:00:00Z"
) -> Obj:
    conds = (
        [
            {
                "type": "Failed",
                "status": "True",
                "reason": "BackoffLimitExceeded",
                "message": "Job has reached the specified backoff limit",
            }
        ]
        if failed
        else [{"type": "Complete", "status": "True"}]
    )
    m = meta(name, owner=owner)
    m["creationTimestamp"] = created
    return {
        "kind": "Job",
        "apiVersion": "batch/v1",
        "metadata": m,
        "spec": {"backoffLimit": 2},
        "status": {"conditions": conds, **({"failed": 3} if failed else {"succeeded": 1})},
    }


def test_failed_job_reports_the_pod_cause_and_completed_jobs_are_ignored() -> None:
    jp = pod(
        "db-migrate-abcde",
        [container("migrate")],
        [status("migrate", terminated=exited(1))],
        owner=("Job", "db-migrate"),
        phase="Failed",
        restartPolicy="Never",
    )
    state = cluster(
        _job("db-migrate", failed=True),
        _job("seed", failed=False),
        jp,
        logs={("db-migrate-abcde", "migrate", False): "KeyError: 'DATABASE_URL'"},
    )
    f = only("jobs", state)
    assert str(f.object) == "Job/todo/db-migrate"
    assert "BackoffLimitExceeded" in f.root_cause and "DATABASE_URL" in f.root_cause
    assert "kubectl delete job db-migrate -n todo" in f.fix.commands


def test_cronjob_reported_only_when_its_latest_runs_fail() -> None:
    cron = {
        "kind": "CronJob",
        "apiVersion": "batch/v1",
        "metadata": meta("backup"),
        "spec": {"schedule": "*/30 * * * *"},
        "status": {},
    }
    jobs = [
        _job("backup-1", failed=False, owner=("CronJob", "backup"), created="2026-11-26T02:00:00Z"),
        _job("backup-2", failed=True, owner=("CronJob", "backup"), created="2026-11-26T02:30:00Z"),
        _job("backup-3", failed=True, owner=("CronJob", "backup"), created="2026-11-26T03:00:00Z"),
    ]
    f = only("jobs", cluster(cron, *jobs))
    assert str(f.object) == "CronJob/todo/backup" and "last 2 run(s) failed" in f.root_cause
    recovered = jobs + [_job("backup-4", failed=False, owner=("CronJob", "backup"), created="2026-11-26T03:30:00Z")]
    assert run("jobs", cluster(cron, *recovered)) == []


# -- scale ---------------------------------------------------------------------------------------------


@pytest.mark.timeout(120)
def test_pod_analyzers_handle_ten_thousand_pods() -> None:
    logs = {}
    objs = []
    templates = [
        crashing(),
        pod("x", [container()], [status()]),
        crashing(container(resources={"limits": {"memory": "256Mi"}}), code=137, reason="OOMKilled"),
    ]
    for i in range(10_000):
        p = copy.deepcopy(templates[i % 3])
        p["metadata"]["name"] = f"backend-7c9d8b6f4-{i:05d}"
        p["metadata"]["ownerReferences"][0]["name"] = f"backend-{i % 50}-7c9d8b6f4"
        objs.append(p)
        if i % 3 == 0:
            logs[(p["metadata"]["name"], "backend", True)] = "KeyError: 'DATABASE_URL'\n"
    state = cluster(*objs, logs=logs)
    # no wall-clock assertion (it fails on a loaded machine; speed targets live in bench/): the timeout mark
    # catches a quadratic regression, which takes minutes here
    findings = [f for name in POD_ANALYZERS for f in run(name, state)]
    assert len([f for f in findings if f.analyzer == "crashloop"]) == 50
    assert len([f for f in findings if f.analyzer == "oomkilled"]) == 50


# -- more edges ----------------------------------------------------------------------------------------


def test_image_loaded_into_minikube_but_pull_policy_always() -> None:
    p, ev = _pulling(
        "todo-frontend-chatbot:latest",
        "ErrImagePull",
        "pull access denied for todo-frontend-chatbot, repository does not exist or may require 'docker login'",
    )
    node = {
        "kind": "Node",
        "apiVersion": "v1",
        "metadata": meta("minikube", None),
        "status": {"images": [{"names": ["todo-frontend-chatbot:latest"], "sizeBytes": 1}]},
    }
    f = only("imagepull", cluster(p, ev, node))
    assert "already has todo-frontend-chatbot:latest" in f.root_cause and "Always" in f.root_cause
    assert '"imagePullPolicy": "IfNotPresent"' in f.fix.commands[0]


def test_rbac_denial_at_cluster_scope_needs_a_cluster_role() -> None:
    p = pod("lister-1", [container("lister", "lister:1")], [status("lister")], owner=None)
    log = (
        'nodes is forbidden: User "system:serviceaccount:todo:node-lister" cannot list resource "nodes" '
        'in API group "" at the cluster scope'
    )
    f = only("rbac", cluster(p, logs={("lister-1", "lister", False): log}))
    assert "at the cluster scope" in f.root_cause and "todo:node-lister" in f.root_cause
    assert f.fix.commands[0] == "kubectl create clusterrole lister-1-nodes-list --verb=list --resource=nodes"
    assert "clusterrolebinding" in f.fix.commands[1]


def test_job_past_its_deadline() -> None:
    job = _job("report", failed=True)
    job["spec"]["activeDeadlineSeconds"] = 600
    job["status"]["conditions"][0]["reason"] = "DeadlineExceeded"
    f = only("jobs", cluster(job))
    assert "activeDeadlineSeconds=600" in f.root_cause and f.fix.commands[0] == "kubectl delete job report -n todo"


def test_quoted_log_lines_are_redacted() -> None:
    log = "sqlalchemy.exc.ArgumentError: Could not parse URL postgresql://todo:hunter2secret@postgres:5432/todo"
    state = cluster(crashing(), logs={("backend-7c9d8b6f4-x2klm", "backend", True): log})
    f = only("crashloop", state)
    assert "hunter2secret" not in text_of(f)
    assert "Could not parse URL" in f.root_cause


def test_memory_eviction_suggests_requests_from_the_usage() -> None:
    msg = (
        "The node was low on resource: memory. Threshold quantity: 100Mi, available: 85Mi. "
        "Container backend was using 1Gi, request is 128Mi, has larger consumption of memory. "
    )
    evicted = pod("backend-7c9d8b6f4-mem01", [container()], [status(terminated=exited(137))], phase="Failed")
    evicted["status"].update({"reason": "Evicted", "message": msg})
    f = only("evictions", cluster(evicted))
    assert "low on memory" in f.root_cause
    assert any("--requests=memory=1Gi --limits=memory=1536Mi" in c for c in f.fix.commands)


def test_a_single_probe_failure_while_starting_is_not_reported() -> None:
    p = _probed(container(readinessProbe={"httpGet": {"path": "/ready", "port": 8000}}), restarts=0)
    ev = event(
        p["metadata"]["name"],
        "Unhealthy",
        'Readiness probe failed: Get "http://10.244.0.9:8000/ready": dial tcp 10.244.0.9:8000: connect: connection refused',
        count=1,
    )
    assert run("probes", cluster(p, ev)) == []


def test_startup_time_is_measured_across_midnight() -> None:
    from agent.diagnosis.analyzers._probe_logs import log_span_seconds, startup_seconds

    log = ("2026-01-01T23:59:50Z INFO loading model\n"
           "2026-01-02T00:00:40Z INFO still loading\n"
           "2026-01-02T00:01:30Z INFO Application startup complete\n")
    assert startup_seconds(log) == 100
    assert log_span_seconds(log) == 100


def test_rbac_claims_no_binding_only_when_the_bindings_were_read() -> None:
    p = pod("scaler-6f7d8-abcde", [container("scaler", "scaler:1")], [status("scaler")], owner=None)
    log = ('deployments.apps is forbidden: User "system:serviceaccount:todo:default" cannot list resource '
           '"deployments" in API group "apps" in the namespace "todo"')
    logs = {("scaler-6f7d8-abcde", "scaler", False): log}
    unread = only("rbac", cluster(p, logs=logs))
    assert "no Role or RoleBinding" not in unread.root_cause
    assert not any(e.source == "rbac" for e in unread.evidence)
    read = only("rbac", cluster(p, logs=logs, read=("RoleBinding",)))
    assert "no Role or RoleBinding grants it anything there" in read.root_cause


def test_rbac_denial_in_the_log_of_an_unlisted_pod_names_that_pod() -> None:
    log = ('deployments.apps is forbidden: User "system:serviceaccount:todo:default" cannot list resource '
           '"deployments" in API group "apps" in the namespace "todo"')
    f = only("rbac", cluster(logs={("gone-6f7d8-abcde", "scaler", False): log}))
    assert f.symptom.startswith("Pod gone-6f7d8-abcde log 403")
