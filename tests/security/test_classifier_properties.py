"""Property tests: global flags permuted around every write verb, in every spelling kubectl/helm/docker accept.

The expected verb is known by construction, not by asking the classifier: a
value-taking global flag written without `=` right before a decoy reading verb
swallows it (cobra's command finder), so the write verb after it is what runs.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.safety import classify
from agent.tooling.base import Modifies

# (global value flags, global boolean flags, short value flags) as the programs define them
KUBECTL_VALUE = ["cache-dir", "request-timeout", "tls-server-name", "client-certificate", "client-key",
                 "certificate-authority", "as", "as-group", "as-uid", "context", "cluster", "user", "kubeconfig",
                 "namespace", "server", "token", "password", "username", "v", "vmodule"]
KUBECTL_BOOL = ["insecure-skip-tls-verify", "match-server-version", "warnings-as-errors", "disable-compression"]
KUBECTL_SHORT_VALUE = ["-n", "-s", "-v"]
KUBECTL_READS = ["get", "describe", "logs", "top", "explain", "version", "api-resources", "events", "wait",
                 "diff", "kustomize", "config", "auth", "cluster-info", "plugin", "completion"]
KUBECTL_WRITES = [
    ("delete ns prod", "delete"), ("delete pvc data-0 -n db", "delete"), ("apply -f evil.yaml", "apply"),
    ("create ns x", "create"), ("patch deploy api -p {}", "patch"), ("replace -f x.yaml", "replace"),
    ("scale deploy api --replicas=0", "scale"), ("label ns prod a=b", "label"), ("annotate pod x a=b", "annotate"),
    ("rollout restart deploy/api", "rollout restart"), ("rollout undo deploy/api", "rollout undo"),
    ("drain node-1", "drain"), ("cordon node-1", "cordon"), ("taint nodes n1 k=v:NoSchedule", "taint"),
    ("edit deploy api", "edit"), ("set image deploy/api a=b:1", "set image"), ("expose deploy api --port=80", "expose"),
    ("run x --image=busybox", "run"), ("autoscale deploy api --max=2", "autoscale"), ("cp a pod:/b", "cp"),
    ("debug node/n1 --image=busybox", "debug"), ("certificate approve csr-1", "certificate approve"),
    ("config use-context prod", "config use-context"), ("auth reconcile -f r.yaml", "auth reconcile"),
    ("uncordon node-1", "uncordon"), ("apply set-last-applied -f x.yaml", "apply set-last-applied"),
]


def spellings(name: str) -> st.SearchStrategy[str]:
    """`--a-b` and every `_`/`-` mix kubectl's normaliser accepts."""
    parts = name.split("-")
    if len(parts) == 1:
        return st.just(f"--{name}")
    return st.lists(st.sampled_from(["-", "_"]), min_size=len(parts) - 1, max_size=len(parts) - 1).map(
        lambda seps: "--" + parts[0] + "".join(s + p for s, p in zip(seps, parts[1:])))


# a harmless flag group that does not swallow a command word: --flag=value, --flag value, -nvalue, a boolean
VALUE_WORDS = st.sampled_from(["x", "prod", "/tmp/k", "5s", "-dash", "get", "delete", "''"])


@st.composite
def kubectl_complete_flag(draw: st.DrawFn) -> list[str]:
    kind = draw(st.sampled_from(["eq", "space", "short-attached", "short-eq", "short-space", "bool"]))
    value = draw(st.sampled_from(["x", "prod", "/tmp/k", "5s", "get", "delete"]))
    if kind == "bool":
        return [draw(st.sampled_from(KUBECTL_BOOL).flatmap(spellings))]
    if kind.startswith("short"):
        flag = draw(st.sampled_from(KUBECTL_SHORT_VALUE))
        return {"short-attached": [flag + value], "short-eq": [f"{flag}={value}"],
                "short-space": [flag, value]}[kind]
    flag = draw(st.sampled_from(KUBECTL_VALUE).flatmap(spellings))
    return [f"{flag}={value}"] if kind == "eq" else [flag, value]


@st.composite
def swallowing_flag(draw: st.DrawFn) -> str:
    """A value flag written without its value: it takes whatever word follows."""
    if draw(st.booleans()):
        return draw(st.sampled_from(KUBECTL_VALUE).flatmap(spellings))
    return draw(st.sampled_from(KUBECTL_SHORT_VALUE))


@settings(max_examples=400, deadline=None)
@given(before=st.lists(kubectl_complete_flag(), max_size=3), swallow=swallowing_flag(),
       decoy=st.sampled_from(KUBECTL_READS), write=st.sampled_from(KUBECTL_WRITES),
       between=st.lists(kubectl_complete_flag(), max_size=2))
def test_a_swallowed_reading_verb_never_hides_the_write_after_it(before: list[list[str]], swallow: str, decoy: str,
                                                                  write: tuple[str, str],
                                                                  between: list[list[str]]) -> None:
    words = ["kubectl", *(w for group in before for w in group), swallow, decoy,
             *(w for group in between for w in group), *write[0].split()]
    result = classify(words)
    assert result.modifies is not Modifies.NO, (words, result.reason)
    assert result.verb == write[1], (words, result.verb, result.reason)


@settings(max_examples=300, deadline=None)
@given(before=st.lists(kubectl_complete_flag(), max_size=3), write=st.sampled_from(KUBECTL_WRITES),
       after=st.lists(kubectl_complete_flag(), max_size=3))
def test_global_flags_around_a_write_verb_keep_it_a_write(before: list[list[str]], write: tuple[str, str],
                                                          after: list[list[str]]) -> None:
    words = ["kubectl", *(w for g in before for w in g), *write[0].split(), *(w for g in after for w in g)]
    result = classify(words)
    assert result.modifies is not Modifies.NO, (words, result.reason)
    assert result.verb == write[1], (words, result.verb)


@settings(max_examples=300, deadline=None)
@given(before=st.lists(kubectl_complete_flag(), max_size=3),
       read=st.sampled_from([("get pods", "get"), ("describe deploy api", "describe"), ("logs web-0", "logs"),
                             ("get ns", "get"), ("events -A", "events"), ("rollout status deploy/api",
                                                                           "rollout status")]),
       after=st.lists(kubectl_complete_flag(), max_size=3))
def test_complete_global_flags_leave_a_read_a_read(before: list[list[str]], read: tuple[str, str],
                                                   after: list[list[str]]) -> None:
    words = ["kubectl", *(w for g in before for w in g), *read[0].split(), *(w for g in after for w in g)]
    result = classify(words)
    assert result.modifies is Modifies.NO, (words, result.reason)
    assert result.verb == read[1]


@settings(max_examples=200, deadline=None)
@given(read=st.sampled_from(["get pods", "describe pod x", "logs web-0", "top pods", "explain pods", "version",
                             "api-resources", "events", "cluster-info dump", "kustomize ./o", "auth can-i get pods"]),
       name=st.text(alphabet="abcdefghijklmnopqrstuvwxyz-_", min_size=3, max_size=14),
       form=st.sampled_from(["bare", "eq"]))
def test_a_flag_the_tables_do_not_know_makes_a_read_need_approval(read: str, name: str, form: str) -> None:
    from agent.safety.flagdata import program_flags
    spec = program_flags("kubectl").spec("")
    normal = name.strip("-_").replace("_", "-")
    if not normal or spec.knows(normal) or name.startswith(("-", "_")):
        return
    flag = f"--{name}" + ("=1" if form == "eq" else "")
    result = classify(["kubectl", *read.split(), flag])
    assert result.modifies is not Modifies.NO, (read, flag, result.reason)


HELM_VALUE = ["kube-context", "kubeconfig", "namespace", "kube-token", "kube-apiserver", "kube-as-user",
              "registry-config", "repository-cache", "repository-config", "burst-limit", "qps"]
HELM_WRITES = [("uninstall web", "uninstall"), ("delete web", "uninstall"), ("install web ./c", "install"),
               ("upgrade web ./c", "upgrade"), ("rollback web 2", "rollback"), ("repo add x https://x", "repo add"),
               ("plugin install https://x", "plugin install"), ("test web", "test")]
HELM_READS = ["list", "status", "get", "show", "history", "template", "lint", "version", "env", "search"]


@settings(max_examples=300, deadline=None)
@given(flag=st.sampled_from(HELM_VALUE).flatmap(spellings), decoy=st.sampled_from(HELM_READS),
       write=st.sampled_from(HELM_WRITES), short=st.booleans())
def test_helm_global_flags_swallow_like_cobra(flag: str, decoy: str, write: tuple[str, str], short: bool) -> None:
    words = ["helm", "-n" if short else flag, decoy, *write[0].split()]
    result = classify(words)
    assert result.modifies is not Modifies.NO, (words, result.reason)
    assert result.verb == write[1], (words, result.verb)


DOCKER_VALUE = ["--context", "-c", "--host", "-H", "--config", "--log-level", "-l", "--tlscacert", "--tlscert",
                "--tlskey", "--log_level"]
DOCKER_WRITES = [("rm -f web", "rm"), ("rmi nginx", "rmi"), ("run --rm alpine", "run"), ("stop web", "stop"),
                 ("kill web", "kill"), ("exec web rm -rf /", "exec"), ("system prune -af", "system prune"),
                 ("volume rm data", "volume rm"), ("compose down", "compose down"), ("push x/y", "push"),
                 ("login -u me", "login"), ("build .", "build")]
DOCKER_READS = ["ps", "images", "inspect", "logs", "version", "info", "stats", "events"]


@settings(max_examples=300, deadline=None)
@given(flag=st.sampled_from(DOCKER_VALUE), decoy=st.sampled_from(DOCKER_READS), write=st.sampled_from(DOCKER_WRITES))
def test_docker_global_flags_swallow_like_cobra(flag: str, decoy: str, write: tuple[str, str]) -> None:
    words = ["docker", flag, decoy, *write[0].split()]
    result = classify(words)
    assert result.modifies is not Modifies.NO, (words, result.reason)
    assert result.verb == write[1], (words, result.verb)


@settings(max_examples=200, deadline=None)
@given(write=st.sampled_from(KUBECTL_WRITES), quote=st.sampled_from(["'", '"']),
       flag=st.sampled_from(KUBECTL_VALUE).flatmap(spellings), decoy=st.sampled_from(KUBECTL_READS))
def test_the_string_form_parses_like_the_argv_form(write: tuple[str, str], quote: str, flag: str, decoy: str) -> None:
    line = f"kubectl {flag} {quote}{decoy}{quote} {write[0]}"
    assert classify(line).verb == write[1]
    assert classify(line).modifies is not Modifies.NO
