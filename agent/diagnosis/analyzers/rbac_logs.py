"""RBAC denials that apps log when they call the Kubernetes API: which ServiceAccount lacks which permission."""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.diagnosis.analyzers._pods import Groups, log_source, owner_of, pod_names, related_pods, workload_arg
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, name_of
from agent.redact import redact

# apps print the API message raw, JSON-escaped (\"), or inside a Python client exception
_FORBIDDEN = re.compile(
    r'([\w.-]+)(?: \\?"[^"\\]*\\?")? is forbidden: User \\?"system:serviceaccount:([\w-]+):([\w.-]+)\\?" '
    r'cannot ([\w-]+) resource \\?"([\w.-]+)\\?" in API group \\?"([\w.-]*)\\?"'
    r'(?: in the namespace \\?"([\w-]+)\\?"| at the cluster scope)?'
)


@dataclass(frozen=True)
class Denial:
    sa_namespace: str
    service_account: str
    verb: str
    resource: str
    group: str
    namespace: str | None  # None: cluster scope

    @property
    def resource_arg(self) -> str:
        return f"{self.resource}.{self.group}" if self.group else self.resource


@register
class RBACLogAnalyzer(Analyzer):
    name = "rbac"
    kinds = ("Pod", "Deployment")
    needs = {"RoleBinding": "the RBAC bindings behind Forbidden errors in logs"}
    keywords = (
        "rbac",
        "forbidden",
        "permission",
        "permissions",
        "serviceaccount",
        "service account",
        "403",
        "cannot list",
        "cannot get",
        "role",
        "rolebinding",
        "unauthorized",
    )

    def analyze(self, state: ClusterState) -> list[Finding]:
        groups = Groups()
        for key, text in state.logs.items():
            if "forbidden" not in text:
                continue
            pod = state.get("Pod", key.namespace, key.pod)
            owner = owner_of(state, pod) if pod else ObjectRef(kind="Pod", name=key.pod, namespace=key.namespace)
            denials: dict[Denial, str] = {}
            for match in _FORBIDDEN.finditer(text):
                denial = Denial(*match.group(2, 3, 4, 5, 6, 7))
                denials.setdefault(denial, match.group(0))
            for denial, matched in denials.items():
                line = redact(next((ln.strip() for ln in text.splitlines() if matched in ln), matched))
                source = log_source(key.pod, key.container, key.previous)
                groups.add(owner, repr(denial), (pod, denial, Evidence(source=source, text=line)))
        return [self._finding(state, owner, members) for owner, members in groups.items()]

    def _finding(
        self, state: ClusterState, owner: ObjectRef, members: list[tuple[Obj | None, Denial, Evidence]]
    ) -> Finding:
        _, denial, line = members[0]
        pods = [m[0] for m in members if m[0] is not None]
        sa = f"{denial.sa_namespace}:{denial.service_account}"
        scope = f"in namespace {denial.namespace}" if denial.namespace else "at the cluster scope"
        bound = _roles_bound(state, denial)
        # without the bindings (pasted logs, no RBAC read permission) "none" would be a guess
        bindings_read = ("RoleBinding" if denial.namespace else "ClusterRoleBinding") in state.kinds_read
        evidence = [line, Evidence(source="spec", text=f"serviceAccountName: {denial.service_account}")]
        if bindings_read or bound:
            evidence.append(
                Evidence(
                    source="rbac",
                    text=(
                        f"RoleBindings for {sa} in {denial.namespace or 'the cluster'}: "
                        + (", ".join(bound) if bound else "none")
                    ),
                )
            )
        root = (
            f"The app runs as ServiceAccount {sa}, which is not allowed to {denial.verb} {denial.resource_arg} "
            f"{scope}: the Kubernetes API answers 403 Forbidden"
            + (
                f" (it is bound only to {', '.join(bound)}, which lacks that permission)"
                if bound
                else " (no Role or RoleBinding grants it anything there)"
                if bindings_read
                else ""
            )
            + "."
        )
        role = f"{owner.name}-{denial.resource.split('.')[0]}-{denial.verb}"
        if denial.namespace:
            commands = [
                f"kubectl create role {role} --verb={denial.verb} --resource={denial.resource_arg} -n {denial.namespace}",
                f"kubectl create rolebinding {role} --role={role} --serviceaccount={sa} -n {denial.namespace}",
            ]
        else:
            commands = [
                f"kubectl create clusterrole {role} --verb={denial.verb} --resource={denial.resource_arg}",
                f"kubectl create clusterrolebinding {role} --clusterrole={role} --serviceaccount={sa}",
            ]
        commands.append(
            f"kubectl auth can-i {denial.verb} {denial.resource_arg} --as=system:serviceaccount:{sa}"
            + (f" -n {denial.namespace}" if denial.namespace else "")
        )
        advice = (
            " Prefer a dedicated ServiceAccount for the app over `default`."
            if denial.service_account == "default"
            else ""
        )
        fix = Fix(
            description=f"Grant {sa} {denial.verb} on {denial.resource_arg} {scope} with a "
            f"{'Role and RoleBinding' if denial.namespace else 'ClusterRole and ClusterRoleBinding'}.{advice}",
            commands=commands,
        )
        who = (
            f"Pod {name_of(pods[0]) if pods else owner.name}"  # no pods: a log of a pod the source did not list
            if len(pods) <= 1
            else f"{len(pods)} pods of {workload_arg(owner)} ({pod_names(pods)})"
        )
        return Finding(
            analyzer=self.name,
            object=owner,
            severity=Severity.WARNING,
            symptom=f"{who} log 403 Forbidden from the Kubernetes API ({denial.verb} {denial.resource_arg})",
            root_cause=root,
            evidence=evidence,
            fix=fix,
            confidence=0.9,
            related=related_pods(owner, pods),
        )


def _roles_bound(state: ClusterState, denial: Denial) -> list[str]:
    kinds = ("RoleBinding",) if denial.namespace else ()
    out = []
    for kind in kinds + ("ClusterRoleBinding",):
        for binding in state.of_kind(kind, denial.namespace if kind == "RoleBinding" else None):
            for subject in binding.get("subjects") or []:
                if (
                    subject.get("kind") == "ServiceAccount"
                    and subject.get("name") == denial.service_account
                    and subject.get("namespace", denial.sa_namespace) == denial.sa_namespace
                ):
                    ref = binding.get("roleRef") or {}
                    out.append(f"{ref.get('kind')} {ref.get('name')}")
    return out
