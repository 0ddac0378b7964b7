"""Undo what pasting does to tool output: Markdown quoting, code fences, indentation, CRLF, foreign prompts.

The result is the text the tool printed, with every command line rewritten as `$ kubectl ...`
(or `$ helm ...`, `$ docker ...`), so one segmenter reads a GitHub comment, a Stack Overflow
post, a PowerShell session and a raw terminal copy alike. Nothing else is dropped: lines that
are not output (a fence, a lone prompt, HTML `<details>` framing, a `...` elision) are removed,
every other line is kept.
"""

from __future__ import annotations

import re
import textwrap

FENCE = re.compile(r"^\s*(```|~~~)[\w+-]*\s*$")
QUOTE = re.compile(r"^[ \t]{0,3}>(?: ?)")
HTML_FRAME = re.compile(r"^\s*</?(details|summary|pre|code|br|p)\b[^>]*>.*$", re.I)
ELISION = re.compile(r"^\s*(\.{3,}|…|\[\.{3}\]|\[snip\]|<snip>|\(\.\.\.\)|# \.\.\.|\.\.\. ?\(?(truncated|snip|omitted)\)?.*)\s*$",
                     re.I)
TOOLS = r"(?:kubectl|k|oc|helm|docker|podman|crictl|minikube|kind|k3s kubectl|microk8s kubectl|microk8s\.kubectl|stern|nerdctl)"
# what stands before a command: `$`, `#`, `>`, `->`, `%`, `❯`, `➜  dir`, `PS C:\path>`, `user@host:~$`, `[root@h ~]#`
PROMPT = re.compile(
    r"^\s*(?:"
    r"PS [A-Za-z]:\\[^>]*>"
    r"|[\w.-]+@[\w.-]+(?::[^$#\s]*)?\s?[$#%]"
    r"|\[[^\]]+\][$#]"
    r"|➜\s+\S*"
    r"|[$#%❯>]|->|=>"
    r")\s*(?=\S)"
)
COMMAND = re.compile(rf"^(?:sudo\s+)?(?P<tool>{TOOLS})\s+(?P<rest>\S.*)$")
VERBS = frozenset("""
get describe logs apply create delete edit exec port-forward rollout top explain config cluster-info run expose
scale set label annotate patch auth cp wait debug drain cordon uncordon taint version api-resources events
install upgrade uninstall list status template repo lint rollback history dependency pull show push build ps
images inspect compose login tag start ssh addons service image load -n --namespace
""".split())
TOOL_MESSAGE = re.compile(r"\b(?:error|failed|failure|warning)\b:?|: ", re.I)
LONE_PROMPT = re.compile(r"^\s*(?:\$|#|>|%|❯|PS [A-Za-z]:\\[^>]*>|[\w.-]+@[\w.-]+(?::[^$#\s]*)?\s?[$#])\s*$")


# what word processors and chat tools do to quotes and spaces in a paste
TYPOGRAPHY = str.maketrans({"\u00a0": " ", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                            "\u2013": "-", "\u2014": "-", "\u2026": "..."})


def _strip_quoting(lines: list[str]) -> list[str]:
    """Remove Markdown `> ` quoting (also nested) when most lines carry it; a lone `> kubectl` is a prompt."""
    for _ in range(3):
        content = [ln for ln in lines if ln.strip()]
        quoted = [ln for ln in content if QUOTE.match(ln)]
        if not content or len(quoted) * 2 < len(content) or all(_is_prompted_command(ln) for ln in quoted):
            break
        lines = [QUOTE.sub("", ln, count=1) if QUOTE.match(ln) else ln for ln in lines]
    return lines


def _is_prompted_command(line: str) -> bool:
    m = PROMPT.match(line)
    return bool(m) and bool(COMMAND.match(line[m.end():]))


def command_of(line: str) -> str | None:
    """`kubectl get pods` from `PS C:\\> kubectl get pods`, `k get po`, `root@m:~# sudo kubectl ...`; else None."""
    m = PROMPT.match(line)
    rest = line[m.end():] if m else line.strip()
    c = COMMAND.match(rest.strip())
    if not c:
        return None
    tool = c.group("tool")
    if tool in ("k", "oc", "k3s kubectl", "microk8s kubectl", "microk8s.kubectl"):
        tool = "kubectl"
    # without a prompt, only a line that reads like an invocation (`kubectl get ...`) is a command,
    # not a tool's message that starts with its name ("helm install error: ...", "kubectl get failed: ...")
    if not m and (c.group("rest").split()[0] not in VERBS or TOOL_MESSAGE.search(c.group("rest"))):
        return None
    return f"{tool} {c.group('rest').strip()}"


WRAPPED = re.compile(r"^(?P<indent>\s*)(?P<q>`+|\"|“)(?P<body>[^`\"”]+)(?:`+|\"|”)\s*$")


def _unwrapped(line: str) -> str:
    """A whole line wrapped in inline-code backticks or quotes, as the line itself."""
    m = WRAPPED.match(line)
    return m.group("indent") + m.group("body").strip() if m else line


def normalize(text: str) -> str:
    """The tool output inside a pasted text, with commands as `$ TOOL ARGS` lines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(TYPOGRAPHY)
    lines = _strip_quoting(text.split("\n"))
    kept: list[str] = []
    for line in lines:
        if FENCE.match(line) or HTML_FRAME.match(line) or ELISION.match(line) or LONE_PROMPT.match(line):
            kept.append("")  # keep the break between blocks
            continue
        kept.append(_unwrapped(line.rstrip()))
    body = textwrap.dedent("\n".join(kept))
    out: list[str] = []
    for line in body.split("\n"):
        command = command_of(line) if PROMPT.match(line) or line.lstrip().startswith(
            ("kubectl ", "helm ", "docker ", "oc ", "k ", "sudo ")) else None
        out.append(f"$ {command}" if command else line)
    return _collapse_blank(out)


def _collapse_blank(lines: list[str]) -> str:
    out: list[str] = []
    for line in lines:
        if not line.strip() and (not out or not out[-1].strip()):
            continue
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) + ("\n" if out else "")
