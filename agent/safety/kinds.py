"""Kubernetes object kinds: canonical names, cluster scope, and the objects a command line names."""

from __future__ import annotations

from agent.safety.models import Target

_KIND_ALIASES = {
    "ns": "namespace", "no": "node", "po": "pod", "svc": "service", "deploy": "deployment",
    "rs": "replicaset", "sts": "statefulset", "ds": "daemonset", "cj": "cronjob", "cm": "configmap",
    "ing": "ingress", "sa": "serviceaccount", "pv": "persistentvolume", "pvc": "persistentvolumeclaim",
    "sc": "storageclass", "crd": "customresourcedefinition", "crds": "customresourcedefinition",
    "pc": "priorityclass", "csr": "certificatesigningrequest", "netpol": "networkpolicy",
    "hpa": "horizontalpodautoscaler", "pdb": "poddisruptionbudget", "ep": "endpoints", "ev": "event",
    "limits": "limitrange", "quota": "resourcequota", "rc": "replicationcontroller", "psp": "podsecuritypolicy",
    "cs": "componentstatus", "ingresses": "ingress", "endpoints": "endpoints", "ingressclasses": "ingressclass",
    "storageclasses": "storageclass", "priorityclasses": "priorityclass", "networkpolicies": "networkpolicy",
    "podsecuritypolicies": "podsecuritypolicy", "componentstatuses": "componentstatus",
}

CLUSTER_SCOPED_KINDS = frozenset({
    "namespace", "node", "persistentvolume", "storageclass", "clusterrole", "clusterrolebinding",
    "customresourcedefinition", "priorityclass", "mutatingwebhookconfiguration",
    "validatingwebhookconfiguration", "validatingadmissionpolicy", "validatingadmissionpolicybinding",
    "apiservice", "csidriver", "csinode", "ingressclass", "runtimeclass", "volumeattachment",
    "certificatesigningrequest", "podsecuritypolicy", "componentstatus", "flowschema",
    "prioritylevelconfiguration", "volumesnapshotclass", "clusterissuer",
})


def canonical_kind(word: str) -> str:
    """`deploy`, `Deployments`, `deployments.apps` -> `deployment`."""
    kind = word.lower().split(".", 1)[0]
    if kind in _KIND_ALIASES:
        return _KIND_ALIASES[kind]
    if kind.endswith("ies") and len(kind) > 4:
        return kind[:-3] + "y"
    if kind.endswith(("sses", "xes")):
        return kind[:-2]
    if kind.endswith("s") and not kind.endswith("ss"):
        return kind[:-1]
    return kind


def is_cluster_scoped(kind: str | None) -> bool:
    return kind is not None and (kind in CLUSTER_SCOPED_KINDS or kind.startswith("cluster"))


def object_targets(positionals: list[str], namespace: str | None) -> list[Target]:
    """Targets from `TYPE NAME...`, `TYPE1,TYPE2 NAME` or `TYPE/NAME...` positionals."""
    if not positionals:
        return []

    def target(kind: str, name: str | None) -> Target:
        canon = canonical_kind(kind)
        return Target(kind=canon, name=name, namespace=None if is_cluster_scoped(canon) else namespace)

    if any("/" in p for p in positionals):
        return [target(*p.split("/", 1)) for p in positionals if "/" in p]
    kinds, names = positionals[0].split(","), positionals[1:]
    return [target(k, n) for k in kinds if k for n in (names or [None])]
