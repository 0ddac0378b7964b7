"""Words in front of the command: `NAME=value` assignments and wrappers (env, sudo, timeout, watch, xargs, ...)."""

from __future__ import annotations

import re

from agent.safety.flags import is_flag

_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
# Environment variables that only pick the cluster, registry, proxy or locale. Others (KUBE_EDITOR,
# KUBECTL_EXTERNAL_DIFF, LD_PRELOAD, PATH, ...) can make a reading command run another program.
_HARMLESS_ENV = re.compile(
    r"^(KUBECONFIG|KUBECACHEDIR|(HTTPS?|NO|ALL)_PROXY|(https?|no|all)_proxy"
    r"|HELM_(NAMESPACE|KUBECONTEXT|KUBECONFIG|DEBUG|DRIVER|MAX_HISTORY|KUBEAPISERVER|KUBEASUSER|KUBEASGROUPS"
    r"|KUBECAFILE|KUBETLS_SERVER_NAME|BURST_LIMIT|QPS|REGISTRY_CONFIG|REPOSITORY_CONFIG|REPOSITORY_CACHE)"
    r"|DOCKER_(HOST|CONTEXT|CONFIG|BUILDKIT|DEFAULT_PLATFORM|TLS_VERIFY|CERT_PATH|CLI_HINTS|API_VERSION)"
    r"|COMPOSE_(FILE|PROJECT_NAME|PROFILES|ENV_FILES)|BUILDKIT_PROGRESS|AWS_(PROFILE|REGION|DEFAULT_REGION)"
    r"|CLOUDSDK_[A-Z_]+|LANG|LC_[A-Z]+|TZ|TERM|NO_COLOR|COLUMNS)$")
# wrapper -> its short options that take a value
_WRAPPER_VALUE_FLAGS: dict[str, frozenset[str]] = {
    "sudo": frozenset("ugpChDrtUT"), "env": frozenset("uCS"), "nice": frozenset("n"),
    "timeout": frozenset("sk"), "xargs": frozenset("nPILdEsa"), "watch": frozenset("nq"),
    "command": frozenset(), "time": frozenset("fo"), "nohup": frozenset(), "exec": frozenset("a"),
}
_WRAPPER_LONG_VALUES = frozenset({"user", "group", "prompt", "unset", "chdir", "adjustment", "signal",
                                  "kill-after", "max-args", "max-procs", "replace", "delimiter", "eof",
                                  "max-chars", "arg-file", "interval", "max-lines", "equexit", "format",
                                  "output"})
WRAPPERS = frozenset(_WRAPPER_VALUE_FLAGS)


def is_assignment(word: str) -> bool:
    return bool(_ASSIGNMENT.match(word))


def assigned_names(words: list[str]) -> list[str]:
    """The variable names of the `NAME=value` words among `words`."""
    return [w.split("=", 1)[0] for w in words if _ASSIGNMENT.match(w)]


def risky_variables(names: list[str]) -> list[str]:
    """The variables among `names` that can change which program runs or what it does."""
    return [name for name in names if not _HARMLESS_ENV.match(name)]


def unwrap(words: list[str], wrapper: str) -> list[str]:
    """The words of the wrapped command once `wrapper` and its options are dropped."""
    values = _WRAPPER_VALUE_FLAGS[wrapper]
    i = 1
    while i < len(words):
        word = words[i]
        if word == "--":
            return words[i + 1:]
        if word.startswith("--"):
            name, eq, _ = word[2:].partition("=")
            i += 2 if (not eq and name in _WRAPPER_LONG_VALUES) else 1
            continue
        if is_flag(word) and not (wrapper == "nice" and word[1:].isdigit()):
            takes = word[1] in values and len(word) == 2
            i += 2 if takes else 1
            continue
        if is_flag(word):
            i += 1
            continue
        if wrapper == "env" and _ASSIGNMENT.match(word):
            i += 1
            continue
        if wrapper == "timeout":  # the first word is the duration
            return words[i + 1:]
        return words[i:]
    return []


def watch_command(words: list[str]) -> tuple[list[str] | str, bool]:
    """watch joins its arguments and runs them with `sh -c`, unless -x/--exec says argv."""
    rest = unwrap(words, "watch")
    flags = words[1:len(words) - len(rest)]
    exec_mode = any(f in ("-x", "--exec") or (f.startswith("-") and not f.startswith("--") and "x" in f)
                    for f in flags)
    return (rest if exec_mode else " ".join(rest)), exec_mode
