"""Pod Security Standards warnings without checkov (issue 12, item 8), on hand-written manifests."""

from __future__ import annotations

import pytest

from agent.validation.pss import check_text

PRIVILEGED_DAEMONSET = """\
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: node-agent, namespace: monitoring}
spec:
  selector: {matchLabels: {app: node-agent}}
  template:
    metadata: {labels: {app: node-agent}}
    spec:
      hostPID: true
      hostNetwork: true
      containers:
        - name: agent
          image: ghcr.io/acme/node-agent:1.4
          securityContext: {privileged: true, capabilities: {add: [SYS_ADMIN, NET_BIND_SERVICE]}}
          ports: [{containerPort: 9100, hostPort: 9100}]
          volumeMounts: [{name: root, mountPath: /host}]
      volumes:
        - name: root
          hostPath: {path: /}
"""

CLUSTER_ADMIN = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ci-deployer}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: ServiceAccount, name: deployer, namespace: ci}]
"""

CRONJOB_HOSTIPC = """\
apiVersion: batch/v1
kind: CronJob
metadata: {name: cleanup}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          hostIPC: true
          restartPolicy: Never
          containers: [{name: c, image: busybox:1.36}]
"""

RESTRICTED_DEPLOYMENT = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      securityContext: {runAsNonRoot: true}
      containers:
        - name: api
          image: ghcr.io/acme/api:2.0
          securityContext: {allowPrivilegeEscalation: false, capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}}
          ports: [{containerPort: 8080}]
"""


def rules(text: str) -> list[str]:
    return sorted(f.rule for f in check_text("m.yaml", text).findings)


def test_a_privileged_node_agent_is_flagged_for_every_baseline_violation() -> None:
    assert rules(PRIVILEGED_DAEMONSET) == ["PSS-capabilities", "PSS-hostNetwork", "PSS-hostPID", "PSS-hostPath",
                                           "PSS-hostPort", "PSS-privileged"]
    messages = " ".join(f.message for f in check_text("m.yaml", PRIVILEGED_DAEMONSET).findings)
    assert "SYS_ADMIN" in messages and "NET_BIND_SERVICE" not in messages  # the baseline allows that one
    assert "mounts the node's /" in messages


@pytest.mark.parametrize(("text", "expected"), [(CLUSTER_ADMIN, ["PSS-cluster-admin"]),
                                                (CRONJOB_HOSTIPC, ["PSS-hostIPC"]),
                                                (RESTRICTED_DEPLOYMENT, [])])
def test_bindings_cronjobs_and_a_clean_deployment(text: str, expected: list[str]) -> None:
    assert rules(text) == expected


def test_findings_name_the_object_and_the_fix() -> None:
    [finding] = check_text("rbac.yaml", CLUSTER_ADMIN).findings
    assert finding.message.startswith("ClusterRoleBinding/ci-deployer") and "Role" in (finding.fix_hint or "")
