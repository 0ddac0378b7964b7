"""Kubernetes kinds: file name (plural) <-> kind, scope and API group, the words people use for them,
and the kinds that own pods (which can be scaled, restarted, where their pod template lives)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KindInfo:
    kind: str
    plural: str
    api_version: str
    namespaced: bool = True


KINDS: tuple[KindInfo, ...] = (
    KindInfo("Pod", "pods", "v1"),
    KindInfo("Event", "events", "v1"),
    KindInfo("Deployment", "deployments", "apps/v1"),
    KindInfo("ReplicaSet", "replicasets", "apps/v1"),
    KindInfo("DaemonSet", "daemonsets", "apps/v1"),
    KindInfo("StatefulSet", "statefulsets", "apps/v1"),
    KindInfo("Service", "services", "v1"),
    KindInfo("Endpoints", "endpoints", "v1"),
    KindInfo("PersistentVolumeClaim", "persistentvolumeclaims", "v1"),
    KindInfo("ConfigMap", "configmaps", "v1"),
    KindInfo("Secret", "secrets", "v1"),
    KindInfo("ServiceAccount", "serviceaccounts", "v1"),
    KindInfo("ResourceQuota", "resourcequotas", "v1"),
    KindInfo("LimitRange", "limitranges", "v1"),
    KindInfo("Ingress", "ingresses", "networking.k8s.io/v1"),
    KindInfo("NetworkPolicy", "networkpolicies", "networking.k8s.io/v1"),
    KindInfo("HorizontalPodAutoscaler", "horizontalpodautoscalers", "autoscaling/v2"),
    KindInfo("PodDisruptionBudget", "poddisruptionbudgets", "policy/v1"),
    KindInfo("Job", "jobs", "batch/v1"),
    KindInfo("CronJob", "cronjobs", "batch/v1"),
    KindInfo("Role", "roles", "rbac.authorization.k8s.io/v1"),
    KindInfo("RoleBinding", "rolebindings", "rbac.authorization.k8s.io/v1"),
    KindInfo("Node", "nodes", "v1", namespaced=False),
    KindInfo("Namespace", "namespaces", "v1", namespaced=False),
    KindInfo("PersistentVolume", "persistentvolumes", "v1", namespaced=False),
    KindInfo("StorageClass", "storageclasses", "storage.k8s.io/v1", namespaced=False),
    KindInfo("IngressClass", "ingressclasses", "networking.k8s.io/v1", namespaced=False),
    KindInfo("PriorityClass", "priorityclasses", "scheduling.k8s.io/v1", namespaced=False),
    KindInfo("MutatingWebhookConfiguration", "mutatingwebhookconfigurations", "admissionregistration.k8s.io/v1",
             namespaced=False),
    KindInfo("ValidatingWebhookConfiguration", "validatingwebhookconfigurations", "admissionregistration.k8s.io/v1",
             namespaced=False),
)

BY_PLURAL: dict[str, KindInfo] = {k.plural: k for k in KINDS}
BY_KIND: dict[str, KindInfo] = {k.kind: k for k in KINDS}
NAMESPACED = tuple(k for k in KINDS if k.namespaced)
CLUSTER_WIDE = tuple(k for k in KINDS if not k.namespaced)

# controllers whose pods the user changes through the controller, never the pod
POD_CONTROLLERS = ("Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob")
# every kind that sits in a pod's owner chain
WORKLOADS = ("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob")
# kinds with spec.replicas (`kubectl scale`)
SCALABLE = ("Deployment", "StatefulSet", "ReplicaSet")
# kinds `kubectl rollout restart` accepts
RESTARTABLE = ("Deployment", "StatefulSet", "DaemonSet")


def pod_template_path(kind: str) -> str:
    """Where the pod spec lives in an object of this kind, dotted (for patches)."""
    if kind == "CronJob":
        return "spec.jobTemplate.spec.template.spec"
    if kind == "Pod":
        return "spec"
    return "spec.template.spec"


# words people use for a kind in questions and in `kubectl get <word>`
ALIASES: dict[str, str] = {
    "pod": "Pod", "pods": "Pod", "po": "Pod",
    "deployment": "Deployment", "deployments": "Deployment", "deploy": "Deployment",
    "replicaset": "ReplicaSet", "replicasets": "ReplicaSet", "rs": "ReplicaSet",
    "daemonset": "DaemonSet", "daemonsets": "DaemonSet", "ds": "DaemonSet",
    "statefulset": "StatefulSet", "statefulsets": "StatefulSet", "sts": "StatefulSet",
    "service": "Service", "services": "Service", "svc": "Service",
    "endpoints": "Endpoints", "endpoint": "Endpoints", "ep": "Endpoints",
    "pvc": "PersistentVolumeClaim", "pvcs": "PersistentVolumeClaim",
    "persistentvolumeclaim": "PersistentVolumeClaim", "persistentvolumeclaims": "PersistentVolumeClaim",
    "configmap": "ConfigMap", "configmaps": "ConfigMap", "cm": "ConfigMap",
    "secret": "Secret", "secrets": "Secret",
    "ingress": "Ingress", "ingresses": "Ingress", "ing": "Ingress",
    "networkpolicy": "NetworkPolicy", "networkpolicies": "NetworkPolicy", "netpol": "NetworkPolicy",
    "hpa": "HorizontalPodAutoscaler", "hpas": "HorizontalPodAutoscaler",
    "horizontalpodautoscaler": "HorizontalPodAutoscaler", "horizontalpodautoscalers": "HorizontalPodAutoscaler",
    "pdb": "PodDisruptionBudget", "pdbs": "PodDisruptionBudget", "poddisruptionbudget": "PodDisruptionBudget",
    "job": "Job", "jobs": "Job", "cronjob": "CronJob", "cronjobs": "CronJob", "cj": "CronJob",
    "node": "Node", "nodes": "Node", "no": "Node",
    "namespace": "Namespace", "namespaces": "Namespace", "ns": "Namespace",
    "pv": "PersistentVolume", "pvs": "PersistentVolume", "persistentvolume": "PersistentVolume",
    "storageclass": "StorageClass", "storageclasses": "StorageClass", "sc": "StorageClass",
    "event": "Event", "events": "Event", "ev": "Event",
    "serviceaccount": "ServiceAccount", "serviceaccounts": "ServiceAccount", "sa": "ServiceAccount",
    "role": "Role", "roles": "Role", "rolebinding": "RoleBinding", "rolebindings": "RoleBinding",
    "resourcequota": "ResourceQuota", "resourcequotas": "ResourceQuota", "quota": "ResourceQuota",
    "ingressclass": "IngressClass", "ingressclasses": "IngressClass",
    "limitrange": "LimitRange", "limitranges": "LimitRange",
    "priorityclass": "PriorityClass", "priorityclasses": "PriorityClass", "pc": "PriorityClass",
    "mutatingwebhookconfiguration": "MutatingWebhookConfiguration",
    "mutatingwebhookconfigurations": "MutatingWebhookConfiguration",
    "validatingwebhookconfiguration": "ValidatingWebhookConfiguration",
    "validatingwebhookconfigurations": "ValidatingWebhookConfiguration",
}


def kind_from_word(word: str) -> str | None:
    """`pods`, `deploy`, `pvc`, `deployments.apps` -> the kind, or None."""
    word = word.lower().split(".", 1)[0]
    if word in ALIASES:
        return ALIASES[word]
    info = BY_PLURAL.get(word)
    return info.kind if info else None


# short names kubectl knows for kinds outside KINDS (lower-case, as `canonical_kind` returns them)
_OTHER_ALIASES: dict[str, str] = {
    "crd": "customresourcedefinition", "crds": "customresourcedefinition", "pc": "priorityclass",
    "priorityclasses": "priorityclass", "csr": "certificatesigningrequest", "limits": "limitrange",
    "rc": "replicationcontroller", "psp": "podsecuritypolicy", "podsecuritypolicies": "podsecuritypolicy",
    "cs": "componentstatus", "componentstatuses": "componentstatus",
}

# every cluster-scoped kind a command or manifest may name (KINDS lists only those the sources read)
CLUSTER_SCOPED = frozenset({k.kind for k in CLUSTER_WIDE} | {
    "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass",
    "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding", "APIService", "CSIDriver", "CSINode", "RuntimeClass", "VolumeAttachment",
    "CertificateSigningRequest", "PodSecurityPolicy", "ComponentStatus", "FlowSchema",
    "PriorityLevelConfiguration", "VolumeSnapshotClass", "ClusterIssuer",
})
# the same, lower-case, as `canonical_kind` spells kinds
CLUSTER_SCOPED_KINDS = frozenset(k.lower() for k in CLUSTER_SCOPED)


def canonical_kind(word: str) -> str:
    """Any word for a kind, lower-case and singular: `deploy`, `Deployments`, `deployments.apps` -> `deployment`.
    Unknown words are singularised by their English ending (`clusterroles` -> `clusterrole`)."""
    word = word.lower().split(".", 1)[0]
    known = kind_from_word(word)
    if known:
        return known.lower()
    if word in _OTHER_ALIASES:
        return _OTHER_ALIASES[word]
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def is_cluster_scoped(kind: str | None) -> bool:
    """`Node`, `node`, `clusterroles`, `ClusterRoleBinding` -> True; namespaced kinds -> False."""
    if not kind:
        return False
    word = kind.lower()
    return word in CLUSTER_SCOPED_KINDS or word.startswith("cluster") or canonical_kind(word) in CLUSTER_SCOPED_KINDS
