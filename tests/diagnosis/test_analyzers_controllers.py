"""Controllers, CronJob specs, storage, admission and references: positive and negative cases per analyzer.

Objects are hand-written from the Kubernetes API reference (field names, defaults, status shapes); each
case names what the analyzer must infer (the cause or the fix), and the deliberate settings (suspend: true,
a Released PV, a cordoned node, an unused ConfigMap) must come out as information or nothing, never a problem.
"""

from __future__ import annotations

import base64

from agent.diagnosis.analyzers import ANALYZERS, all_analyzers
from agent.diagnosis.engine import diagnose
from agent.diagnosis.models import Finding, Severity
from agent.diagnosis.sources.values import strip_values
from agent.diagnosis.state import ClusterState

all_analyzers()


def state(*objs: dict, read: tuple[str, ...] = ()) -> ClusterState:
    s = ClusterState(label="snapshot: test")
    s.add_all(objs)
    for kind in read:
        s.mark_read(kind)
    return s


def run(name: str, s: ClusterState) -> list[Finding]:
    return ANALYZERS[name].analyze(s)


def problems(name: str, s: ClusterState) -> list[Finding]:
    return [f for f in run(name, s) if f.severity != Severity.INFO]


def one(name: str, s: ClusterState) -> Finding:
    found = problems(name, s)
    assert len(found) == 1, [f.root_cause for f in found]
    return found[0]


def meta(name: str, ns: str | None = "shop", **extra) -> dict:
    m = {"name": name, **extra}
    if ns:
        m["namespace"] = ns
    return m


def deploy(name: str, replicas: int = 3, status: dict | None = None, containers: list | None = None, **spec) -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": meta(name, labels={"app": name}),
            "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": containers or [{"name": name, "image": f"{name}:1"}], **spec}}},
            "status": status if status is not None else {"replicas": replicas, "readyReplicas": replicas,
                                                         "availableReplicas": replicas}}


def sts_pod(name: str, sts: str, ready: bool, waiting: str | None = None) -> dict:
    state_ = {"waiting": {"reason": waiting, "message": "back-off 40s"}} if waiting else {"running": {}}
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": meta(name, ownerReferences=[{"kind": "StatefulSet", "name": sts, "controller": True}]),
            "spec": {"containers": [{"name": "db", "image": "postgres:16"}], "nodeName": "n1"},
            "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True" if ready else "False"}],
                       "containerStatuses": [{"name": "db", "ready": ready, "restartCount": 4 if waiting else 0,
                                              "state": state_, "lastState": {"terminated": {"exitCode": 1, "reason": "Error"}}
                                              if waiting else {}}]}}


def statefulset(name: str = "db", replicas: int = 3, ready: int = 3, service: str | None = "db", **spec) -> dict:
    return {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": meta(name),
            "spec": {"replicas": replicas, "serviceName": service, "selector": {"matchLabels": {"app": name}},
                     "template": {"metadata": {"labels": {"app": name}},
                                  "spec": {"containers": [{"name": "db", "image": "postgres:16"}]}}, **spec},
            "status": {"replicas": replicas, "readyReplicas": ready, "availableReplicas": ready}}


def service(name: str, selector: dict | None = None, cluster_ip: str = "10.96.0.10") -> dict:
    spec = {"clusterIP": cluster_ip, "ports": [{"port": 80}]}
    if selector:
        spec["selector"] = selector
    return {"apiVersion": "v1", "kind": "Service", "metadata": meta(name), "spec": spec}


def storage_class(name: str, default: bool = False) -> dict:
    annotations = {"storageclass.kubernetes.io/is-default-class": "true"} if default else {}
    return {"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass", "metadata": meta(name, None, annotations=annotations),
            "provisioner": "ebs.csi.aws.com"}


# -- workloads (readiness with or without pods) ----------------------------------------------------------


def test_deployment_short_of_ready_without_pod_evidence_says_so() -> None:
    dep = deploy("web", 3, {"replicas": 3, "readyReplicas": 1, "availableReplicas": 1, "conditions": [
        {"type": "Available", "status": "False", "reason": "MinimumReplicasUnavailable",
         "message": "Deployment does not have minimum availability."}]})
    f = one("workloads", state(dep))
    assert f.severity == Severity.WARNING and "1 of 3 replicas available" in f.root_cause
    assert "source holds no pods" in f.root_cause and any("-l app=web" in c for c in f.fix.commands)


def test_deployment_with_zero_ready_and_status_fields_omitted_is_critical() -> None:
    """The API omits zero counts: a status without readyReplicas means none are ready."""
    f = one("workloads", state(deploy("api", 2, {"replicas": 2, "observedGeneration": 1})))
    assert f.severity == Severity.CRITICAL and "0 of 2" in f.root_cause


def test_ready_scaled_to_zero_and_rolling_deployments_are_not_readiness_problems() -> None:
    rolling = deploy("rolling", 2, {"replicas": 3, "readyReplicas": 1, "conditions": [
        {"type": "Progressing", "status": "False", "reason": "ProgressDeadlineExceeded"}]})
    assert problems("workloads", state(deploy("web"), deploy("idle", 0, {}), rolling)) == []


def test_deployment_readiness_names_the_replicaset_refusal() -> None:
    dep = deploy("web", 2, {"replicas": 0})
    rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
          "metadata": meta("web-5d4f8", ownerReferences=[{"kind": "Deployment", "name": "web", "controller": True}]),
          "spec": {"replicas": 2}, "status": {"replicas": 0, "conditions": [
              {"type": "ReplicaFailure", "status": "True", "reason": "FailedCreate",
               "message": 'pods "web-5d4f8-" is forbidden: error looking up service account shop/web-sa: '
                          'serviceaccount "web-sa" not found'}]}}
    s = state(dep, rs, read=("Pod",))
    f = one("workloads", s)
    assert "ServiceAccount web-sa" in f.root_cause and "kubectl create serviceaccount web-sa -n shop" in f.fix.commands
    created = one("failedcreate", s)
    assert str(created.object) == "ReplicaSet/shop/web-5d4f8" and str(created.related[0]) == "Deployment/shop/web"


def test_a_pod_level_finding_on_the_same_deployment_replaces_the_generic_readiness_one() -> None:
    crashing = {"apiVersion": "v1", "kind": "Pod", "metadata": meta("web-5d4f8-abcde", labels={"app": "web"},
                ownerReferences=[{"kind": "ReplicaSet", "name": "web-5d4f8", "controller": True}]),
                "spec": {"containers": [{"name": "web", "image": "web:1"}], "nodeName": "n1"},
                "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "False"}],
                           "containerStatuses": [{"name": "web", "ready": False, "restartCount": 6, "image": "web:1",
                                                  "state": {"waiting": {"reason": "CrashLoopBackOff"}},
                                                  "lastState": {"terminated": {"exitCode": 1, "reason": "Error"}}}]}}
    rs = {"apiVersion": "apps/v1", "kind": "ReplicaSet",
          "metadata": meta("web-5d4f8", ownerReferences=[{"kind": "Deployment", "name": "web", "controller": True}]),
          "spec": {"replicas": 1}, "status": {"replicas": 1}}
    s = state(deploy("web", 1, {"replicas": 1}), rs, crashing)
    assert problems("workloads", s), "on its own the readiness check reports the Deployment"
    on_deployment = [f for f in diagnose(s) if str(f.object) == "Deployment/shop/web"]
    assert on_deployment and all(f.analyzer != "workloads" for f in on_deployment)


def test_daemonset_not_ready_and_misscheduled() -> None:
    ds = {"apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": meta("agent"),
          "spec": {"selector": {"matchLabels": {"app": "agent"}}},
          "status": {"desiredNumberScheduled": 4, "currentNumberScheduled": 4, "numberReady": 2,
                     "numberAvailable": 2, "numberMisscheduled": 1}}
    found = problems("workloads", state(ds))
    assert {f.symptom.split(":")[0] for f in found} == {"DaemonSet agent"} and len(found) == 2
    assert any("misscheduled" in f.root_cause and "nodeSelector" in f.root_cause for f in found)
    healthy = dict(ds, status={"desiredNumberScheduled": 4, "currentNumberScheduled": 4, "numberReady": 4,
                               "numberAvailable": 4})
    assert problems("workloads", state(healthy)) == []


def test_standalone_replicaset_is_checked_but_owned_ones_are_left_to_their_deployment() -> None:
    lone = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": meta("batch-rs"),
            "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "b"}}}, "status": {"replicas": 2}}
    owned = dict(lone, metadata=meta("web-5d4f8", ownerReferences=[{"kind": "Deployment", "name": "web",
                                                                     "controller": True}]))
    assert [str(f.object) for f in problems("workloads", state(lone, owned))] == ["ReplicaSet/shop/batch-rs"]


def test_statefulset_ordered_start_up_stuck_on_the_lowest_unready_pod() -> None:
    s = state(statefulset(ready=1), sts_pod("db-0", "db", True), sts_pod("db-1", "db", False, "CrashLoopBackOff"))
    f = one("workloads", s)
    assert "stuck on pod db-1" in f.root_cause and "higher ordinal are not created" in f.root_cause
    parallel = statefulset(ready=1, podManagementPolicy="Parallel")
    g = one("workloads", state(parallel, sts_pod("db-0", "db", True), sts_pod("db-1", "db", False, "CrashLoopBackOff")))
    assert "stuck" not in g.root_cause and "db-1" in g.root_cause


def test_statefulset_missing_first_pod_blocks_the_rest() -> None:
    f = one("workloads", state(statefulset(ready=0), read=("Pod",)))
    assert "pod db-0 does not exist" in f.root_cause


# -- failedcreate ---------------------------------------------------------------------------------------


def _event(kind: str, name: str, reason: str, message: str, ns: str = "shop") -> dict:
    return {"apiVersion": "v1", "kind": "Event", "metadata": meta(f"{name}.1", ns), "type": "Warning",
            "reason": reason, "message": message, "involvedObject": {"kind": kind, "name": name, "namespace": ns},
            "lastTimestamp": "2026-12-01T10:00:00Z"}


def test_pod_security_refusal_on_a_job() -> None:
    job = {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta("migrate"), "spec": {"parallelism": 1},
           "status": {}}
    ev = _event("Job", "migrate", "FailedCreate", 'Error creating: pods "migrate-x" is forbidden: violates PodSecurity '
                '"restricted:latest": allowPrivilegeEscalation != false (container "m" must set '
                'securityContext.allowPrivilegeEscalation=false)')
    f = one("failedcreate", state(job, ev))
    assert "Pod Security level restricted:latest" in f.root_cause and "allowPrivilegeEscalation" in f.root_cause
    assert "runAsNonRoot: true" in f.fix.description


def test_stale_refusals_and_quota_refusals_are_not_failedcreate_findings() -> None:
    caught_up = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": meta("web-1"), "spec": {"replicas": 2},
                 "status": {"replicas": 2}}
    old = _event("ReplicaSet", "web-1", "FailedCreate", 'serviceaccount "x" not found')
    short = {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": meta("web-2"), "spec": {"replicas": 2},
             "status": {"replicas": 1}}
    quota = _event("ReplicaSet", "web-2", "FailedCreate", 'pods "web-2-x" is forbidden: exceeded quota: q, requested: '
                   "pods=1, used: pods=1, limited: pods=1")
    assert problems("failedcreate", state(caught_up, old, short, quota)) == []


# -- statefulset spec -----------------------------------------------------------------------------------


def test_statefulset_governing_service_missing_or_not_headless() -> None:
    f = one("statefulset", state(statefulset(), read=("Service",)))
    assert "Service db does not exist" in f.root_cause and "db-0.db.shop.svc" in f.root_cause
    assert "--clusterip=None" in f.fix.commands[0]
    g = one("statefulset", state(statefulset(), service("db", {"app": "db"})))
    assert "not headless" in g.root_cause
    assert problems("statefulset", state(statefulset(), service("db", {"app": "db"}, cluster_ip="None"))) == []
    assert problems("statefulset", state(statefulset())) == [], "Services unknown: not checked, not claimed"


def test_statefulset_claim_template_with_a_missing_storage_class() -> None:
    template = [{"metadata": {"name": "data"}, "spec": {"storageClassName": "fast-ssd", "accessModes": ["ReadWriteOnce"],
                                                        "resources": {"requests": {"storage": "10Gi"}}}}]
    broken = statefulset(ready=0, service=None, volumeClaimTemplates=template)
    f = one("statefulset", state(broken, storage_class("gp3", default=True)))
    assert f.severity == Severity.CRITICAL and "StorageClass fast-ssd, which does not exist" in f.root_cause
    assert "gp3" in f.fix.description and "--cascade=orphan" in f.fix.commands[0]
    ok = statefulset(ready=0, service=None, volumeClaimTemplates=[dict(template[0], spec={"storageClassName": "gp3"})])
    assert problems("statefulset", state(ok, storage_class("gp3"))) == []
    assert problems("statefulset", state(dict(broken, spec=dict(broken["spec"], replicas=0)), storage_class("gp3"))) == []


# -- cronjob --------------------------------------------------------------------------------------------


def cronjob(schedule: str, **spec) -> dict:
    return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": meta("report"),
            "spec": {"schedule": schedule, "jobTemplate": {"spec": {"template": {"spec": {"containers": []}}}}, **spec}}


def test_cronjob_schedules_the_controller_cannot_parse() -> None:
    for schedule, why in [("*/5 * * *", "expected 5 fields"), ("0 25 * * *", "hour 25 is out of range 0-23"),
                          ("@fortnightly", "not a known macro"), ("0 0 * * 7", "day of week 7"),
                          ("*/0 * * * *", "must be a positive number"), ("0 0 1 13 *", "month 13")]:
        f = one("cronjob", state(cronjob(schedule)))
        assert f.severity == Severity.CRITICAL and why in f.root_cause, (schedule, f.root_cause)


def test_valid_schedules_macros_names_and_steps_are_not_problems() -> None:
    for schedule in ("*/15 * * * *", "@hourly", "@daily", "@every 90m", "0 9 * * MON-FRI", "30 2 1,15 JAN-JUN ?",
                     "0 0 29 2 *"):
        assert problems("cronjob", state(cronjob(schedule))) == [], schedule


def test_schedule_that_never_fires_and_time_zone_handling() -> None:
    assert "never fires" in one("cronjob", state(cronjob("0 0 30 2 *"))).root_cause
    tz = one("cronjob", state(cronjob("CRON_TZ=Europe/Berlin 0 6 * * *")))
    assert "spec.timeZone" in tz.root_cause and '"timeZone":"Europe/Berlin"' in tz.fix.commands[0]
    assert "not an IANA time zone" in one("cronjob", state(cronjob("0 6 * * *", timeZone="Mars/Olympus"))).root_cause
    assert problems("cronjob", state(cronjob("0 6 * * *", timeZone="America/New_York"))) == []


def test_starting_deadline_negative_or_below_the_controller_period() -> None:
    assert one("cronjob", state(cronjob("@hourly", startingDeadlineSeconds=-30))).severity == Severity.CRITICAL
    short = one("cronjob", state(cronjob("@hourly", startingDeadlineSeconds=5)))
    assert short.severity == Severity.WARNING and "every 10 s" in short.root_cause
    assert problems("cronjob", state(cronjob("@hourly", startingDeadlineSeconds=200))) == []


def test_suspended_cronjob_is_information_only() -> None:
    found = run("cronjob", state(cronjob("@daily", suspend=True)))
    assert [f.severity for f in found] == [Severity.INFO] and "deliberate" in found[0].root_cause


# -- storage --------------------------------------------------------------------------------------------


def pv(name: str, phase: str, policy: str = "Delete", message: str = "") -> dict:
    return {"apiVersion": "v1", "kind": "PersistentVolume", "metadata": meta(name, None),
            "spec": {"persistentVolumeReclaimPolicy": policy, "capacity": {"storage": "10Gi"},
                     "claimRef": {"namespace": "shop", "name": "data"}},
            "status": {"phase": phase, **({"message": message} if message else {})}}


def test_several_default_storage_classes() -> None:
    found = problems("storage", state(storage_class("gp2", True), storage_class("gp3", True), storage_class("slow")))
    assert sorted(f.object.name for f in found) == ["gp2", "gp3"]
    assert "most recently created" in found[0].root_cause
    assert found[0].fix.commands == ["kubectl annotate storageclass gp3 storageclass.kubernetes.io/is-default-class=false --overwrite"]
    assert problems("storage", state(storage_class("gp2", True), storage_class("slow"))) == []


def test_failed_pv_is_a_problem_and_released_pv_is_information() -> None:
    f = one("storage", state(pv("pv-1", "Failed", message="Error deleting EBS volume: VolumeInUse")))
    assert "reclamation (policy Delete) failed" in f.root_cause and "VolumeInUse" in f.root_cause
    assert str(f.related[0]) == "PersistentVolumeClaim/shop/data"
    released = run("storage", state(pv("pv-2", "Released", "Retain"), pv("pv-3", "Bound")))
    assert [f.severity for f in released] == [Severity.INFO] and "Retain policy keeps the data" in released[0].root_cause


def test_lost_claim_names_the_missing_volume() -> None:
    claim = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": meta("data"),
             "spec": {"volumeName": "pv-9", "storageClassName": "gp3"}, "status": {"phase": "Lost"}}
    f = one("pvc", state(claim, read=("PersistentVolume",)))
    assert "Lost" in f.root_cause and "pv-9, which no longer exists" in f.root_cause


# -- configsize -----------------------------------------------------------------------------------------


def test_configmap_over_one_mebibyte_and_a_stripped_secret_keeps_its_size() -> None:
    big = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta("geoip"), "data": {"db.csv": "x" * 1_100_000}}
    f = one("configsize", state(big))
    assert "1,100,006 bytes" in f.root_cause and "1 MiB" in f.root_cause and "Split" in f.fix.description
    secret = {"apiVersion": "v1", "kind": "Secret", "metadata": meta("certs"),
              "data": {"bundle.pem": base64.b64encode(b"y" * 1_200_000).decode()}}
    stripped = strip_values(secret)
    assert stripped["data"] == {"bundle.pem": ""}, "values never stay in the state"
    assert one("configsize", state(stripped)).object.name == "certs"


def test_small_and_unused_configmaps_are_not_findings() -> None:
    unused = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": meta("leftover"), "data": {"a": "1"}}
    assert run("configsize", state(unused)) == []


# -- webhook --------------------------------------------------------------------------------------------


def webhook_config(policy: str = "Fail", kind: str = "ValidatingWebhookConfiguration") -> dict:
    return {"apiVersion": "admissionregistration.k8s.io/v1", "kind": kind, "metadata": meta("policy-engine", None),
            "webhooks": [{"name": "validate.policy.example.com", "failurePolicy": policy,
                          "clientConfig": {"service": {"namespace": "policy", "name": "policy-webhook", "port": 443}}}]}


def endpoints(name: str, ns: str, ready: int) -> dict:
    subsets = [{"addresses": [{"ip": f"10.0.0.{i}"} for i in range(ready)], "ports": [{"port": 443}]}] if ready else []
    return {"apiVersion": "v1", "kind": "Endpoints", "metadata": meta(name, ns), "subsets": subsets}


def test_webhook_whose_service_is_missing_rejects_requests() -> None:
    f = one("webhook", state(webhook_config(), read=("Service",)))
    assert f.severity == Severity.CRITICAL and "policy/policy-webhook does not exist" in f.root_cause
    assert "failed calling webhook" in f.root_cause


def test_webhook_with_no_ready_endpoints_and_ignore_policy_is_a_warning() -> None:
    svc = dict(service("policy-webhook", {"app": "policy"}), metadata=meta("policy-webhook", "policy"))
    f = one("webhook", state(webhook_config("Ignore", "MutatingWebhookConfiguration"), svc, endpoints("policy-webhook", "policy", 0)))
    assert f.severity == Severity.WARNING and "silently not applied" in f.root_cause
    assert problems("webhook", state(webhook_config(), svc, endpoints("policy-webhook", "policy", 2))) == []
    assert problems("webhook", state(webhook_config())) == [], "Services unknown: not checked"


# -- limitrange -----------------------------------------------------------------------------------------


def limitrange(**item) -> dict:
    return {"apiVersion": "v1", "kind": "LimitRange", "metadata": meta("limits"),
            "spec": {"limits": [{"type": "Container", **item}]}}


def test_limitrange_that_contradicts_itself() -> None:
    f = one("limitrange", state(limitrange(max={"memory": "512Mi"}, default={"memory": "1Gi"})))
    assert "default 1Gi is above max 512Mi" in f.root_cause and "rejected" in f.root_cause


def test_pod_template_over_the_limitrange_max_is_reported_on_the_workload() -> None:
    heavy = deploy("web", containers=[{"name": "web", "image": "web:1", "resources": {"limits": {"cpu": "2"}}}])
    f = one("limitrange", state(limitrange(max={"cpu": "1"}), heavy))
    assert str(f.object) == "Deployment/shop/web" and "above the maximum" in f.root_cause
    assert "--limits=cpu=1" in f.fix.commands[0]
    fine = deploy("web", containers=[{"name": "web", "image": "web:1", "resources": {"limits": {"cpu": "500m"}}}])
    assert problems("limitrange", state(limitrange(max={"cpu": "1"}, default={"cpu": "500m"}), fine)) == []


# -- references -----------------------------------------------------------------------------------------


def test_missing_priority_class_service_account_and_pull_secret() -> None:
    dep = deploy("web", priorityClassName="high", serviceAccountName="web-sa", imagePullSecrets=[{"name": "regcred"}])
    found = problems("references", state(dep, read=("PriorityClass", "ServiceAccount", "Secret")))
    causes = " | ".join(f.root_cause for f in found)
    assert "no PriorityClass high exists" in causes and "ServiceAccount web-sa, which does not exist" in causes
    assert "regcred" in causes and "private registry fail" in causes
    assert {f.severity for f in found} == {Severity.CRITICAL, Severity.WARNING}


def test_builtin_priority_default_service_account_and_unknown_kinds_are_not_findings() -> None:
    dep = deploy("web", priorityClassName="system-cluster-critical", serviceAccountName="default",
                 imagePullSecrets=[{"name": "regcred"}])
    assert problems("references", state(dep, read=("PriorityClass", "ServiceAccount"))) == []


# -- hpa ------------------------------------------------------------------------------------------------


def hpa(kind: str = "Deployment", name: str = "web", **spec) -> dict:
    return {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": meta("web-hpa"),
            "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": kind, "name": name}, "minReplicas": 2,
                     "maxReplicas": 10, "metrics": [{"type": "Resource", "resource": {"name": "cpu", "target": {
                         "type": "Utilization", "averageUtilization": 70}}}], **spec}}


def test_hpa_target_missing_unsupported_or_min_above_max() -> None:
    assert "which does not exist in namespace shop" in one("hpa", state(hpa(), deploy("other"))).root_cause
    assert "no scale subresource" in one("hpa", state(hpa("DaemonSet", "agent"))).root_cause
    assert "minReplicas 12 above maxReplicas 10" in one("hpa", state(hpa(minReplicas=12), deploy("web"))).root_cause


def test_hpa_target_without_requests_for_its_utilization_metric() -> None:
    f = one("hpa", state(hpa(), deploy("web")))
    assert "sets no cpu request" in f.root_cause and "--requests=cpu=100m" in f.fix.commands[0]
    requested = deploy("web", containers=[{"name": "web", "image": "web:1", "resources": {"requests": {"cpu": "200m"}}}])
    assert problems("hpa", state(hpa(), requested)) == []
    assert problems("hpa", state(hpa())) == [], "Deployments unknown: the target is not judged"


def test_hpa_pinned_at_max_is_a_warning_but_resting_at_min_is_not() -> None:
    requested = deploy("web", containers=[{"name": "web", "image": "web:1", "resources": {"requests": {"cpu": "200m"}}}])
    pinned = hpa()
    pinned["status"] = {"currentReplicas": 10, "desiredReplicas": 14, "conditions": [
        {"type": "ScalingLimited", "status": "True", "reason": "TooManyReplicas",
         "message": "the desired replica count is more than the maximum replica count"}]}
    assert "wants more replicas than maxReplicas 10" in one("hpa", state(pinned, requested)).root_cause
    resting = hpa()
    resting["status"] = {"conditions": [{"type": "ScalingLimited", "status": "True", "reason": "TooFewReplicas"}]}
    assert problems("hpa", state(resting, requested)) == []


# -- jobs -----------------------------------------------------------------------------------------------


def job(**status) -> dict:
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta("import"), "spec": {"backoffLimit": 4},
            "status": status}


def test_job_with_failed_pods_before_the_failed_condition() -> None:
    f = one("jobs", state(job(failed=2, active=1)))
    assert "retrying" in f.root_cause and "after 5 failures" in f.root_cause and "3 attempt(s) left" in f.root_cause


def test_job_that_succeeded_after_retries_or_is_suspended_is_not_a_problem() -> None:
    done = job(failed=2, succeeded=1, conditions=[{"type": "Complete", "status": "True"}])
    suspended = dict(job(), spec={"suspend": True})
    found = run("jobs", state(done, suspended))
    assert [f.severity for f in found] == [Severity.INFO] and "suspended" in found[0].root_cause


# -- pdb ------------------------------------------------------------------------------------------------


def pdb(selector: dict, status: dict | None = None, **spec) -> dict:
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": meta("web-pdb"),
            "spec": {"selector": {"matchLabels": selector}, **spec}, "status": status or {}}


def labelled_pod(name: str, app: str) -> dict:
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta(name, labels={"app": app}),
            "spec": {"nodeName": "n1", "containers": [{"name": "c", "image": "c:1"}]},
            "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}}


def test_pdb_that_selects_no_pod() -> None:
    f = one("pdb", state(pdb({"app": "web"}, minAvailable=1), labelled_pod("api-1", "api")))
    assert "protects nothing" in f.root_cause


def test_pdb_that_never_allows_a_disruption_by_spec_or_condition() -> None:
    assert problems("pdb", state(pdb({"app": "web"}, maxUnavailable=0), labelled_pod("web-1", "web")))
    by_condition = pdb({"app": "web"}, {"conditions": [{"type": "DisruptionAllowed", "status": "False",
                                                         "reason": "InsufficientPods"}]}, minAvailable=2)
    assert problems("pdb", state(by_condition, labelled_pod("web-1", "web"), labelled_pod("web-2", "web")))
    roomy = pdb({"app": "web"}, {"expectedPods": 3, "currentHealthy": 3, "desiredHealthy": 2, "disruptionsAllowed": 1,
                                 "conditions": [{"type": "DisruptionAllowed", "status": "True"}]}, minAvailable=2)
    assert problems("pdb", state(roomy, labelled_pod("web-1", "web"))) == []


# -- networkpolicy, ingress, service, node, quota -------------------------------------------------------


def netpol(name: str, **spec) -> dict:
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": meta(name),
            "spec": {"podSelector": {}, **spec}}


def test_namespace_wide_policies_are_explained_not_reported() -> None:
    deny = run("networkpolicy", state(netpol("default-deny", policyTypes=["Ingress"]), labelled_pod("web-1", "web")))
    assert [f.severity for f in deny] == [Severity.INFO]
    assert "denies all incoming traffic of every pod in shop (default deny)" in deny[0].root_cause
    assert "does not allow traffic to all pods by itself" in deny[0].root_cause
    allow = run("networkpolicy", state(netpol("allow-all", ingress=[{}]), labelled_pod("web-1", "web")))
    assert "allows all incoming traffic" in allow[0].root_cause and allow[0].severity == Severity.INFO


def test_policy_in_a_namespace_without_pods_selects_nothing_only_when_pods_were_read() -> None:
    policy = netpol("web-only", podSelector={"matchLabels": {"app": "web"}})
    assert "applies to nothing" in one("networkpolicy", state(policy, read=("Pod",))).root_cause
    assert problems("networkpolicy", state(policy)) == []


def ingress(class_name: str | None = None, annotation: str | None = None) -> dict:
    m = meta("web", annotations={"kubernetes.io/ingress.class": annotation} if annotation else {})
    spec: dict = {"defaultBackend": {"service": {"name": "web", "port": {"number": 80}}}}
    if class_name:
        spec["ingressClassName"] = class_name
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": m, "spec": spec}


def test_cloud_builtin_ingress_classes_are_known_but_typos_are_not() -> None:
    nginx = {"apiVersion": "networking.k8s.io/v1", "kind": "IngressClass", "metadata": meta("nginx", None),
             "spec": {"controller": "k8s.io/ingress-nginx"}}
    for builtin in (ingress("gce"), ingress(annotation="gce-internal"), ingress("alb")):
        assert problems("ingress", state(builtin, nginx, read=("IngressClass",))) == []
    f = one("ingress", state(ingress("ngnix"), nginx))
    assert "ngnix, which does not exist" in f.root_cause and '"ingressClassName":"nginx"' in f.fix.commands[0]


def test_service_without_pods_in_the_source_is_judged_by_its_endpoints() -> None:
    svc = service("web", {"app": "web"})
    f = one("service", state(svc, endpoints("web", "shop", 0)))
    assert "no endpoints at all" in f.root_cause
    assert problems("service", state(svc, endpoints("web", "shop", 2))) == []
    assert problems("service", state(svc)) == [], "neither pods nor endpoints: not checked"


def test_leader_election_endpoints_are_not_a_fault() -> None:
    lock = endpoints("kube-scheduler", "shop", 0)
    lock["metadata"]["annotations"] = {"control-plane.alpha.kubernetes.io/leader": '{"holderIdentity":"cp-1"}'}
    svc = service("kube-scheduler", {"component": "kube-scheduler"})
    assert problems("service", state(svc, lock)) == []


def node(name: str, conditions: list[dict], unschedulable: bool = False) -> dict:
    return {"apiVersion": "v1", "kind": "Node", "metadata": meta(name, None), "spec": {"unschedulable": unschedulable},
            "status": {"conditions": [{"type": "Ready", "status": "True"}, *conditions]}}


def test_node_network_unavailable_and_problem_detector_conditions() -> None:
    net = one("node", state(node("n1", [{"type": "NetworkUnavailable", "status": "True", "reason": "NoRouteCreated"}])))
    assert net.severity == Severity.CRITICAL and "pod network is not configured" in net.root_cause
    fine = node("n2", [{"type": "NetworkUnavailable", "status": "False"}, {"type": "MemoryPressure", "status": "False"}])
    assert problems("node", state(fine)) == []
    assert [f.severity for f in run("node", state(node("n3", [], unschedulable=True)))] == [Severity.INFO]


def test_exhausted_quota_without_refusal_events() -> None:
    quota = {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": meta("compute"),
             "spec": {"hard": {"requests.cpu": "4", "pods": "10"}},
             "status": {"hard": {"requests.cpu": "4", "pods": "10"}, "used": {"requests.cpu": "4", "pods": "7"}}}
    f = one("quota", state(quota))
    assert "exhausted for requests.cpu" in f.root_cause and "pods" not in f.symptom.split("(")[1]
    roomy = dict(quota, status={"hard": {"pods": "10"}, "used": {"pods": "3"}})
    assert problems("quota", state(roomy)) == []
