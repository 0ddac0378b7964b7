"""Pods that are never created because a ResourceQuota rejects them (ReplicaSet/Job `FailedCreate` events)."""

from __future__ import annotations

import re

from agent.diagnosis.analyzers._pods import event_line, owner_of
from agent.diagnosis.analyzers._workloads import (
    format_quantity,
    kubectl_ns,
    quantity,
    ref,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, event_time, involved_object, name_of, namespace_of

_EXCEEDED = re.compile(
    r"exceeded quota: (?P<quota>[^,]+), requested: (?P<requested>.*?), used: (?P<used>.*?), limited: (?P<limited>.*?)$"
)
_MUST_SPECIFY = re.compile(r"failed quota: (?P<quota>[^:]+): must specify (?P<what>.*)$")
# any quota refusal, for analyzers that leave quota to this one
QUOTA_MESSAGE = re.compile(r"exceeded quota: |failed quota: ")
_CREATORS = ("ReplicaSet", "StatefulSet", "Job", "DaemonSet", "ReplicationController")


def _pairs(text: str) -> dict[str, str]:
    return dict(part.strip().split("=", 1) for part in text.split(",") if "=" in part)


def _resource_of(quota_key: str) -> str:
    return quota_key.split(".", 1)[1] if quota_key.startswith(("requests.", "limits.")) else quota_key


@register
class QuotaAnalyzer(Analyzer):
    name = "quota"
    kinds = ("ResourceQuota",)
    needs = {"Event": "pods rejected by a ResourceQuota (FailedCreate events)"}
    keywords = ("quota", "resourcequota", "exceeded", "forbidden", "limit", "limits", "replicas", "missing pods",
                "not created", "no pods", "failedcreate")

    def analyze(self, state: ClusterState) -> list[Finding]:
        latest: dict[tuple[str, str | None, str], tuple[Obj, re.Match[str]]] = {}
        for ev in state.of_kind("Event"):
            inv = involved_object(ev)
            if ev.get("reason") != "FailedCreate" or inv.get("kind") not in _CREATORS:
                continue
            message = " ".join((ev.get("message") or "").split())
            match = _EXCEEDED.search(message) or _MUST_SPECIFY.search(message)
            if not match:
                continue
            key = (inv.get("kind", ""), inv.get("namespace") or namespace_of(ev), inv.get("name", ""))
            if key not in latest or event_time(ev) >= event_time(latest[key][0]):
                latest[key] = (ev, match)
        findings = [f for q in state.of_kind("ResourceQuota") if (f := self._exhausted(q))]
        if not latest:
            return findings
        for (kind, ns, name), (ev, match) in latest.items():
            creator = state.get(kind, ns, name) or {"kind": kind, "metadata": {"name": name, "namespace": ns}}
            if _caught_up(creator):
                continue
            workload = owner_of(state, creator) if kind == "ReplicaSet" else ref(creator)
            findings.append(self._finding(state, workload, ObjectRef(kind=kind, name=name, namespace=ns), creator, ev, match))
        return findings

    def _exhausted(self, quota: Obj) -> Finding | None:
        """A quota whose usage has reached its hard limit: the next object asking for more is refused."""
        ns, name = namespace_of(quota), name_of(quota)
        status = quota.get("status") or {}
        hard, used = status.get("hard") or (quota.get("spec") or {}).get("hard") or {}, status.get("used") or {}
        full = sorted(k for k, v in hard.items() if quantity(v) > 0 and k in used and quantity(used[k]) >= quantity(v))
        if not full:
            return None
        lines = [f"{k}: used {used[k]} of {hard[k]}" for k in full]
        return Finding(
            analyzer=self.name, object=ObjectRef(kind="ResourceQuota", name=name, namespace=ns), severity=Severity.WARNING,
            symptom=f"ResourceQuota {name} is used up ({', '.join(full)})",
            root_cause=(f"ResourceQuota {name} in namespace {ns} is exhausted for {', '.join(full)}: any new pod or "
                        "object that needs more of it (a scale-up, a rollout's surge pod, a Job run) is refused with "
                        "\"exceeded quota\""),
            evidence=[Evidence(source="status", text="; ".join(lines))],
            fix=Fix(description="Raise the quota, or free usage in the namespace (scale down, delete finished pods).",
                    commands=[f"kubectl describe resourcequota {name}{kubectl_ns(ns)}"]),
            confidence=0.85,
        )

    def _finding(self, state: ClusterState, workload: ObjectRef, creator_ref: ObjectRef, creator: Obj,
                 ev: Obj, match: re.Match[str]) -> Finding:
        ns = workload.namespace
        quota_name = match.group("quota").strip()
        quota = state.get("ResourceQuota", ns, quota_name)
        evidence = [Evidence(source="events", text=f"{creator_ref.kind} {creator_ref.name}: {event_line(ev)}")]
        if quota:
            hard, used = (quota.get("status") or {}).get("hard") or {}, (quota.get("status") or {}).get("used") or {}
            evidence.append(Evidence(source=f"resourcequota/{quota_name}",
                                     text="; ".join(f"{k}: used {used.get(k, '0')} of {v}" for k, v in sorted(hard.items()))))
        spec, status = creator.get("spec") or {}, creator.get("status") or {}
        if "replicas" in spec:
            evidence.append(Evidence(source="status", text=f"{creator_ref.kind} {creator_ref.name}: "
                                                           f"{status.get('replicas', 0)} of {spec['replicas']} pods created"))
        target = f"{workload.kind.lower()}/{workload.name}"
        if "what" in match.groupdict() and match.groupdict().get("what"):
            what = match.group("what")
            root = (f"ResourceQuota {quota_name} in namespace {ns} constrains resources, so every pod must set them, "
                    f"but the pod template does not: must specify {what}; the API server rejects the pods")
            fix = Fix(description="Set requests/limits on the containers (or add a LimitRange with defaults).",
                      commands=[f"kubectl set resources {target}{kubectl_ns(ns)} --requests=cpu=100m,memory=128Mi "
                                "--limits=cpu=500m,memory=512Mi"])
            return self._make(workload, creator_ref, root, evidence, fix, quota_name)
        requested, used, limited = (_pairs(match.group(g)) for g in ("requested", "used", "limited"))
        over = []
        patch_hard = {}
        for key, want in requested.items():
            cap, now = quantity(limited.get(key)), quantity(used.get(key))
            if key in limited and now + quantity(want) > cap:
                res = _resource_of(key)
                needed = now + quantity(want)
                over.append(f"{key}: {used.get(key, '0')} used + {want} requested > {limited[key]} allowed")
                patch_hard[key] = format_quantity(res, needed)
        overs = "; ".join(over) or f"requested {match.group('requested')}, used {match.group('used')}, limited {match.group('limited')}"
        root = (f"ResourceQuota {quota_name} in namespace {ns} is exhausted, so {creator_ref.kind} {creator_ref.name} "
                f"cannot create more pods ({overs})")
        hard_json = ",".join(f'"{k}":"{v}"' for k, v in patch_hard.items())
        commands = [f"kubectl patch resourcequota {quota_name}{kubectl_ns(ns)} --type merge -p '{{\"spec\":{{\"hard\":{{{hard_json}}}}}}}'"]
        limit_keys = [k for k in patch_hard if k.startswith(("limits.", "requests."))]
        if limit_keys and workload.kind in ("Deployment", "StatefulSet"):
            flag = "--limits" if limit_keys[0].startswith("limits.") else "--requests"
            res = _resource_of(limit_keys[0])
            headroom = quantity(limited[limit_keys[0]]) - quantity(used.get(limit_keys[0]))
            if headroom > 0:
                commands.append(f"kubectl set resources {target}{kubectl_ns(ns)} {flag}={res}={format_quantity(res, headroom)}")
        fix = Fix(description="Raise the quota to at least what is used plus one more pod, or lower the pods' "
                              "requests/limits, or scale down something else in the namespace.",
                  commands=commands)
        return self._make(workload, creator_ref, root, evidence, fix, quota_name)

    def _make(self, workload: ObjectRef, creator_ref: ObjectRef, root: str, evidence: list[Evidence], fix: Fix,
              quota_name: str) -> Finding:
        related = [creator_ref] if creator_ref != workload else []
        related.append(ObjectRef(kind="ResourceQuota", name=quota_name, namespace=workload.namespace))
        return Finding(
            analyzer=self.name, object=workload, severity=Severity.CRITICAL,
            symptom=f"{workload.kind} {workload.name} has fewer pods than desired: pod creation is forbidden (FailedCreate)",
            root_cause=root, evidence=evidence, fix=fix, confidence=0.95, related=related,
        )


def _caught_up(creator: Obj) -> bool:
    """A stale quota event: the controller has since created every pod it wants."""
    desired = (creator.get("spec") or {}).get("replicas")
    return desired is not None and (creator.get("status") or {}).get("replicas", 0) >= desired
