"""Pod Security Standards checks that need no external tool (checkov may be absent).

Baseline level: privileged containers, host namespaces (hostPID, hostIPC,
hostNetwork), hostPath volumes, host ports, added capabilities beyond the
baseline set; plus bindings that grant `cluster-admin`. Each finding is a
warning naming the object, the field and the fix.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from agent.validation.manifests import split_documents
from agent.validation.models import FileReport, Finding, Severity, ValidatorReport

NAME = "pod-security"
# capabilities the baseline level allows to be added
_BASELINE_CAPS = frozenset({"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD",
                            "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"})
_POD_TEMPLATES = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "ReplicationController"}


def pod_spec(obj: dict[str, Any]) -> dict[str, Any] | None:
    kind = obj.get("kind")
    spec = obj.get("spec") or {}
    if kind == "Pod":
        return spec
    if kind in _POD_TEMPLATES:
        return ((spec.get("template") or {}).get("spec")) or None
    if kind == "CronJob":
        return ((((spec.get("jobTemplate") or {}).get("spec") or {}).get("template") or {}).get("spec")) or None
    return None


def warnings_for(obj: dict[str, Any]) -> list[Finding]:
    """The Pod Security (baseline) and cluster-admin problems of one object."""
    if not isinstance(obj, dict):
        return []
    found: list[Finding] = []
    if obj.get("kind") in ("ClusterRoleBinding", "RoleBinding"):
        role = obj.get("roleRef") or {}
        if role.get("kind") == "ClusterRole" and role.get("name") == "cluster-admin":
            found.append(_finding("PSS-cluster-admin", f"{obj['kind']} grants cluster-admin",
                                  "bind a Role with only the verbs and resources the subject needs"))
    spec = pod_spec(obj)
    if not isinstance(spec, dict):
        return found
    for field in ("hostPID", "hostIPC", "hostNetwork"):
        if spec.get(field) is True:
            found.append(_finding(f"PSS-{field}", f"{field}: true shares the node's namespace with the pod",
                                  f"remove {field} (baseline forbids it)"))
    for volume in spec.get("volumes") or []:
        if isinstance(volume, dict) and "hostPath" in volume:
            path = (volume.get("hostPath") or {}).get("path", "?")
            found.append(_finding("PSS-hostPath", f"volume {volume.get('name', '?')} mounts the node's {path}",
                                  "use a PersistentVolumeClaim, a ConfigMap or an emptyDir instead of hostPath"))
    containers = [*(spec.get("initContainers") or []), *(spec.get("containers") or []),
                  *(spec.get("ephemeralContainers") or [])]
    for container in containers:
        if not isinstance(container, dict):
            continue
        name = container.get("name", "?")
        context = container.get("securityContext") or {}
        if context.get("privileged") is True:
            found.append(_finding("PSS-privileged", f"container {name} is privileged (root on the node)",
                                  "drop privileged: true; add only the capability it needs"))
        added = set((context.get("capabilities") or {}).get("add") or []) - _BASELINE_CAPS
        if added:
            found.append(_finding("PSS-capabilities", f"container {name} adds {', '.join(sorted(added))}",
                                  "drop these capabilities, or justify them and run in a privileged namespace"))
        for port in container.get("ports") or []:
            if isinstance(port, dict) and port.get("hostPort"):
                found.append(_finding("PSS-hostPort", f"container {name} binds host port {port['hostPort']}",
                                      "expose it with a Service instead of hostPort"))
    return found


def _finding(rule: str, message: str, fix: str) -> Finding:
    return Finding(rule=rule, message=message, severity=Severity.WARNING, fix_hint=fix)


def check_text(label: str, text: str) -> FileReport:
    report = FileReport(path=label)
    for document in split_documents(text):
        found = warnings_for(document.body or {})
        for finding in found:
            report.findings.append(finding.model_copy(update={
                "line": document.line, "message": f"{document.label}: {finding.message}"}))
        if not found:
            report.passed_checks += 1
    return report


def validate_manifests(files: list[Path], relative: Callable[[Path], str] = str,
                       rendered: list[tuple[str, str]] | None = None) -> ValidatorReport:
    reports = [check_text(relative(path), path.read_text(encoding="utf-8")) for path in files]
    reports += [check_text(label, text) for label, text in rendered or []]
    return ValidatorReport(name=NAME, tool="built-in Pod Security Standards (baseline) checks",
                           files=[r for r in reports if r.findings or r.passed_checks])
