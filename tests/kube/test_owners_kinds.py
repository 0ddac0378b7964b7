"""Owners and kinds: what a user edits for a pod, and the words for kinds."""

from agent.kube import kinds, owners

DEPLOY = {"kind": "Deployment", "metadata": {"name": "web", "namespace": "shop"}}
RS = {"kind": "ReplicaSet", "metadata": {"name": "web-7d9f8c", "namespace": "shop", "ownerReferences": [
    {"kind": "Deployment", "name": "web", "controller": True}]}}
POD = {"kind": "Pod", "metadata": {"name": "web-7d9f8c-x2x", "namespace": "shop", "ownerReferences": [
    {"kind": "ReplicaSet", "name": "web-7d9f8c", "controller": True}]}}


def lookup_in(*objs):
    index = {(o["kind"], o["metadata"].get("namespace"), o["metadata"]["name"]): o for o in objs}
    return lambda kind, ns, name: index.get((kind, ns, name))


def test_pod_to_deployment():
    assert owners.workload_of(POD, lookup_in(RS, DEPLOY)) == ("Deployment", "web", "shop")
    assert [o["kind"] for o in owners.owner_chain(POD, lookup_in(RS, DEPLOY))] == ["ReplicaSet", "Deployment"]


def test_without_the_replicaset_the_hash_suffix_names_the_deployment():
    assert owners.workload_of(POD, lookup_in()) == ("Deployment", "web", "shop")


def test_bare_pod_is_its_own_workload():
    bare = {"kind": "Pod", "metadata": {"name": "debug", "namespace": "shop"}}
    assert owners.workload_of(bare, lookup_in()) == ("Pod", "debug", "shop")


def test_kind_words():
    assert kinds.canonical_kind("deployments.apps") == "deployment"
    assert kinds.canonical_kind("sts") == "statefulset"
    assert kinds.canonical_kind("crds") == "customresourcedefinition"
    assert kinds.canonical_kind("clusterroles") == "clusterrole"
    assert kinds.kind_from_word("pvc") == "PersistentVolumeClaim"
    assert kinds.is_cluster_scoped("Node") and kinds.is_cluster_scoped("clusterrolebinding")
    assert not kinds.is_cluster_scoped("Secret")
    assert kinds.pod_template_path("CronJob") == "spec.jobTemplate.spec.template.spec"
