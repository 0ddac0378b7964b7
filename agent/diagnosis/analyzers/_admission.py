"""Why the API server refused to create a pod: the message of a `FailedCreate` event or `ReplicaFailure`
condition, read as one of the admission causes (quota, Pod Security, missing ServiceAccount, LimitRange,
missing PriorityClass, a webhook that is down), each with the fix it calls for."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.diagnosis.models import Fix


@dataclass(frozen=True)
class Refusal:
    key: str  # quota, pod-security, service-account, limit-range, priority-class, webhook, other
    cause: str
    fix: Fix


_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("quota", re.compile(r"exceeded quota: (?P<quota>[^,]+)|failed quota: (?P<quota2>[^:]+)")),
    ("pod-security", re.compile(r'violates PodSecurity "(?P<level>[^"]+)": (?P<what>.*)')),
    ("service-account", re.compile(r'serviceaccount "(?P<sa>[^"]+)" not found|service account \S+/(?P<sa2>\S+?)[:\s]')),
    ("limit-range", re.compile(r"(?P<bound>maximum|minimum) (?P<res>\S+) usage per (?P<scope>Container|Pod) is (?P<limit>\S+), "
                               r"(?:but|and) (?P<what>limit|request) is (?P<value>\S+?)\.?$")),
    ("priority-class", re.compile(r"no PriorityClass with name (?P<pc>\S+) was found")),
    ("webhook", re.compile(r'failed calling webhook "(?P<hook>[^"]+)"')),
)


def _clean(message: str) -> str:
    return " ".join((message or "").split())


def classify(message: str, namespace: str | None, workload: str) -> Refusal:
    """The admission cause in a pod-creation refusal, with a fix; `workload` is `kind/name` for commands."""
    text = _clean(message)
    ns = f" -n {namespace}" if namespace else ""
    for key, pattern in _PATTERNS:
        m = pattern.search(text)
        if not m:
            continue
        g = m.groupdict()
        if key == "quota":
            quota = (g.get("quota") or g.get("quota2") or "").strip()
            return Refusal(key, f"ResourceQuota {quota} refuses the pods ({text})", Fix(
                description="Raise the quota, lower the pods' requests/limits, or free quota in the namespace.",
                commands=[f"kubectl describe resourcequota {quota}{ns}"]))
        if key == "pod-security":
            return Refusal(key, f"the namespace enforces Pod Security level {g['level']} and the pod template violates "
                                f"it: {g['what']}", Fix(
                description="Make the pod template meet the level (runAsNonRoot: true, allowPrivilegeEscalation: false, "
                            "capabilities drop [ALL], seccompProfile RuntimeDefault, no hostPath/privileged), or "
                            "lower the namespace's pod-security.kubernetes.io/enforce label if that is intended.",
                commands=[f"kubectl get namespace {namespace} --show-labels" if namespace else "kubectl get ns --show-labels",
                          f"kubectl edit {workload}{ns}"]))
        if key == "service-account":
            sa = g.get("sa") or g.get("sa2") or "?"
            return Refusal(key, f"the pod template names ServiceAccount {sa}, which does not exist in namespace "
                                f"{namespace}", Fix(
                description=f"Create ServiceAccount {sa} or set serviceAccountName to an existing one.",
                commands=[f"kubectl create serviceaccount {sa}{ns}"]))
        if key == "limit-range":
            return Refusal(key, f"a LimitRange in the namespace sets the {g['bound']} {g['res']} per {g['scope']} to "
                                f"{g['limit']} and the pod's {g['what']} is {g['value']}", Fix(
                description=f"Set the container {g['what']}s within the LimitRange, or change the LimitRange.",
                commands=[f"kubectl describe limitrange{ns}",
                          f"kubectl set resources {workload}{ns} --{g['what']}s={g['res']}={g['limit']}"]))
        if key == "priority-class":
            pc = g["pc"].strip("\"'")
            return Refusal(key, f"the pod template names PriorityClass {pc}, which does not exist", Fix(
                description=f"Create PriorityClass {pc} or remove/correct priorityClassName.",
                commands=["kubectl get priorityclass", f"kubectl create priorityclass {pc} --value=1000"]))
        if key == "webhook":
            return Refusal(key, f"admission webhook {g['hook']} fails, and its failurePolicy rejects the pods ({text})",
                           Fix(description=f"Bring the webhook's backend back (its Service needs ready endpoints), or "
                                           "set failurePolicy: Ignore / delete the webhook configuration if the webhook "
                                           "is gone.", commands=["kubectl get mutatingwebhookconfigurations,"
                                                                 "validatingwebhookconfigurations"]))
    return Refusal("other", f"the API server refuses the pods: {text}", Fix(
        description="Fix what the message names in the pod template, then the controller retries.",
        commands=[f"kubectl describe {workload}{ns}"]))
