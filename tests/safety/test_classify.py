"""What the classifier says beyond yes/no/unknown: verb, targets, destructive, interactive, reasons."""

from __future__ import annotations

import pytest

from agent.tooling.base import Modifies
from agent.safety import (
    CommandClass,
    Program,
    Target,
    UnsafeCommandLine,
    canonical_kind,
    classify,
    shell_words,
)


def test_namespace_deletion_names_its_target_and_asks_for_the_name() -> None:
    result = classify("kubectl --context prod delete ns shop")
    assert result == CommandClass(
        modifies=Modifies.YES, program=Program.KUBECTL, verb="delete", destructive=True, confirm_text="shop",
        targets=[Target(kind="namespace", name="shop")], reason=result.reason,
        argv=["kubectl", "--context", "prod", "delete", "ns", "shop"], capabilities=["api-write"])
    assert "namespace/shop" in result.reason


def test_namespaced_targets_carry_the_namespace_given_before_the_verb() -> None:
    result = classify("kubectl -n db delete pvc data-postgres-0 data-postgres-1")
    assert result.namespace == "db"
    assert result.targets == [Target(kind="persistentvolumeclaim", name="data-postgres-0", namespace="db"),
                              Target(kind="persistentvolumeclaim", name="data-postgres-1", namespace="db")]
    assert result.confirm_text == "db"


def test_type_slash_name_targets_and_comma_separated_kinds() -> None:
    assert classify("kubectl delete deploy/api svc/api -n prod").targets == [
        Target(kind="deployment", name="api", namespace="prod"), Target(kind="service", name="api", namespace="prod")]
    assert [t.kind for t in classify("kubectl delete deploy,svc,cm -l app=api").targets] == [
        "deployment", "service", "configmap"]


@pytest.mark.parametrize(("word", "kind"), [
    ("ns", "namespace"), ("Namespaces", "namespace"), ("deploy", "deployment"), ("deployments.apps", "deployment"),
    ("pvc", "persistentvolumeclaim"), ("storageclasses", "storageclass"), ("ingresses", "ingress"),
    ("networkpolicies", "networkpolicy"), ("crd", "customresourcedefinition"), ("secrets", "secret"),
    ("endpoints", "endpoints"), ("clusterissuers.cert-manager.io", "clusterissuer"),
])
def test_kind_aliases_are_canonical(word: str, kind: str) -> None:
    assert canonical_kind(word) == kind


@pytest.mark.parametrize("command", [
    "kubectl delete pod web-0", "kubectl drain worker-1", "helm uninstall web", "docker system prune -af",
    "docker rmi nginx", "docker compose down -v", "kubectl apply -f k8s/ --prune -l app=todo",
    "kubectl replace --force -f pod.yaml", "docker volume rm pgdata", "rm -rf /tmp/build",
    "kubectl exec web-0 -- rm -rf /data",
])
def test_destructive_commands_are_flagged(command: str) -> None:
    assert classify(command).destructive


@pytest.mark.parametrize("command", [
    "kubectl apply -f k8s/", "kubectl scale deploy api --replicas=0", "helm upgrade web ./chart",
    "kubectl delete ns prod --dry-run=server", "docker build -t api .", "kubectl rollout undo deploy/api",
    "kubectl get pods",
])
def test_non_destructive_commands_are_not_flagged(command: str) -> None:
    assert not classify(command).destructive


@pytest.mark.parametrize(("command", "interactive"), [
    ("kubectl get pods -w", True), ("kubectl get pods --watch=false", False), ("kubectl logs --follow=false x", False),
    ("kubectl logs -f deploy/api", True), ("kubectl logs deploy/api", False),
    ("kubectl port-forward svc/api 8080:80", True), ("kubectl edit deploy api", True),
    ("kubectl exec -it web-0 -- sh", True), ("kubectl exec web-0 -- ls", False),
    ("kubectl run tmp --rm -it --image=busybox -- sh", True), ("watch kubectl get pods", True),
    ("docker logs -f web", True), ("docker stats", True), ("docker stats --no-stream", False),
    ("docker compose up", True), ("docker compose up -d", False), ("docker compose logs -f api", True),
    ("docker compose -f prod.yml logs api", False), ("kubectl get pods", False),
])
def test_interactive_commands_are_marked(command: str, interactive: bool) -> None:
    assert classify(command).interactive is interactive


@pytest.mark.parametrize(("command", "verb"), [
    ("kubectl rollout restart deploy/api", "rollout restart"), ("kubectl config use-context prod", "config use-context"),
    ("kubectl certificate approve csr-1", "certificate approve"), ("helm get values web", "get values"),
    ("helm repo add bitnami https://charts.bitnami.com/bitnami", "repo add"),
    ("docker compose -f prod.yml up -d", "compose up"), ("docker image prune -a", "image prune"),
    ("docker buildx imagetools inspect api:1", "buildx imagetools inspect"),
    ("kubectl cluster-info dump", "cluster-info dump"), ("helm ls -A", "list"), ("helm del web", "uninstall"),
])
def test_verbs_include_the_subcommand(command: str, verb: str) -> None:
    assert classify(command).verb == verb


def test_shell_constructs_are_named_and_each_part_is_reported() -> None:
    result = classify("kubectl get ns -o name | grep preview | xargs kubectl delete")
    assert result.modifies is Modifies.UNKNOWN
    assert result.shell_construct == "a pipe '|'"
    assert result.destructive
    assert "kubectl get (no)" in result.reason and "kubectl delete (yes, destructive)" in result.reason


@pytest.mark.parametrize(("line", "construct"), [
    ("kubectl get pods && kubectl get svc", "a command list '&&'"),
    ("kubectl get pods || true", "a command list '||'"),
    ("kubectl get pods; date", "a command list ';'"),
    ("kubectl get pods > out.txt", "a redirection '>'"),
    ("kubectl apply -f - <<EOF", "a here-document '<<'"),
    ("kubectl logs \"$(kubectl get pods -o name | head -1)\"", "command substitution $(...)"),
    ("kubectl delete pod `cat victims`", "command substitution (backticks)"),
    ("kubectl port-forward svc/api 8080:80 &", "a background job '&'"),
    ("kubectl get pods\nkubectl delete ns prod", "several lines"),
    ("kubectl get pods -n 'prod", "an unterminated quote"),
])
def test_shell_words_refuses_shell_constructs(line: str, construct: str) -> None:
    with pytest.raises(UnsafeCommandLine) as caught:
        shell_words(line)
    assert caught.value.construct == construct
    assert caught.value.hint


def test_quoted_operators_are_plain_arguments() -> None:
    assert shell_words("kubectl annotate deploy api note='a; b && c | d > e'") == [
        "kubectl", "annotate", "deploy", "api", "note=a; b && c | d > e"]
    assert shell_words('kubectl get pods -l "app in (api,web)"') == ["kubectl", "get", "pods", "-l", "app in (api,web)"]


def test_line_continuations_and_comments_are_handled_like_a_shell() -> None:
    assert shell_words("kubectl get pods \\\n  -n prod \\\n  -o wide  # where is it") == [
        "kubectl", "get", "pods", "-n", "prod", "-o", "wide"]
    assert shell_words("kubectl get pod web#1") == ["kubectl", "get", "pod", "web#1"]


def test_argv_lists_are_not_shell_parsed() -> None:
    # As argv nothing is interpreted by a shell: the '|' is just an argument kubectl would reject.
    result = classify(["kubectl", "get", "pods", "|", "grep", "x"])
    assert result.modifies is Modifies.NO
    assert result.shell_construct is None
    assert classify(["kubectl", "delete", "ns", "prod"]).confirm_text == "prod"


def test_wrappers_are_removed_from_argv() -> None:
    assert classify("KUBECONFIG=/tmp/kc sudo -E timeout 30 /usr/local/bin/kubectl get pods").argv == [
        "/usr/local/bin/kubectl", "get", "pods"]


def test_watch_runs_its_arguments_through_a_shell() -> None:
    assert classify("watch 'kubectl get pods | grep Crash'").shell_construct == "a pipe '|'"
    assert classify("watch -x kubectl get pods").modifies is Modifies.NO


def test_alias_k_is_unknown_but_keeps_the_kubectl_reading() -> None:
    result = classify("k delete ns prod")
    assert (result.modifies, result.program, result.confirm_text) == (Modifies.UNKNOWN, Program.OTHER, "prod")
    assert "alias" in result.reason


def test_exec_shows_the_inner_command() -> None:
    result = classify("kubectl exec -n db postgres-0 -- psql -c 'drop table users'")
    assert result.modifies is Modifies.UNKNOWN
    assert "psql -c 'drop table users'" in result.reason


def test_dry_run_reason_says_nothing_is_persisted() -> None:
    result = classify("helm upgrade --install web ./chart --dry-run")
    assert result.modifies is Modifies.NO
    assert "nothing is persisted" in result.reason
    assert result.targets == [Target(kind="helm-release", name="web")]


def test_all_namespaces_is_recorded() -> None:
    result = classify("kubectl delete pvc --all -A")
    assert result.all_namespaces and result.confirm_text == "delete-all"
