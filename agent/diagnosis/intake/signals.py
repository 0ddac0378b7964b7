"""Read every line of a normalised paste as evidence: events, container states, exit codes, get rows,
tool errors and log lines, in whatever fragment they came (describe excerpt, YAML/JSON status, table row).

No line is dropped for lack of a surrounding object: an `Events:` row without its header, a
`Reason: OOMKilled` without `Name:`, a `status:` YAML fragment and a lone log line are all evidence.
"""

from __future__ import annotations

import json
import re

from agent.diagnosis.intake.evidence import EvidenceLine

EVENT = re.compile(r"(?:^|\s)(?P<type>Warning|Normal)\s+(?P<reason>[A-Z][A-Za-z]+)\b(?P<rest>.*)$")
# the columns between an event's reason and its message: age, `(x4 over 3m)`, source, object
EVENT_COLUMN = re.compile(
    r"^\s*(?:<unknown>|<invalid>|\d+(?:\.\d+)?[smhd](?:\d+[smh])?(?: ago)?|\(x\d+ over [^)]*\)|"
    r"\d+|kubelet(?:,\s*[\w.-]+)?|default-scheduler|[a-z][\w-]*-controller(?:-manager)?|"
    r"persistentvolume-controller|attachdetach-controller|[a-z-]+/[a-z0-9][\w.-]*|node-controller|"
    r"taint-eviction-controller|job-controller|cronjob-controller|replicaset-controller|statefulset-controller)"
    r"(?=\s|$)")
REASON_LINE = re.compile(r"^\s*-?\s*\"?reason\"?\s*[:=]\s*\"?(?P<reason>[A-Z][A-Za-z:]+)\"?,?\s*$", re.I)
MESSAGE_LINE = re.compile(r"^\s*-?\s*\"?message\"?\s*[:=]\s*(?P<message>.+?)\s*,?\s*$", re.I)
EXIT_LINE = re.compile(r"^\s*\"?(?:Exit Code|exitCode)\"?\s*[:=]\s*(?P<code>-?\d+)", re.I)
STATE_LINE = re.compile(r"^\s*(?:(?P<last>Last State|lastState)|State|state)\s*:\s*(?P<state>Waiting|Terminated|Running)?",
                        re.I)
STATE_KEY = re.compile(r"^\s*\"?(?P<state>waiting|terminated|running)\"?\s*:\s*\{?\s*$")
# a `get pods` row, with or without its header and namespace column: NAME READY STATUS RESTARTS AGE
POD_ROW = re.compile(r"^(?:(?P<ns>[a-z0-9][\w.-]*)\s+)?(?P<name>[a-z0-9][\w.-]*)\s+(?P<ready>\d+/\d+)\s+"
                     r"(?P<status>[A-Za-z][\w:-]*)\s+(?P<restarts>\d+)")
ERROR_TEXT = re.compile(
    r"^(?:Error from server|error:|Error:|Error response from daemon|The connection to the server|Unable to connect|"
    r"No resources found|the server (?:doesn't|could not)|error validating|error when|Warning: |UPGRADE FAILED|"
    r"INSTALLATION FAILED|failed to|Failed to|unable to|docker: Error|E\d{4} )", re.I)
LOG_FAILURE = re.compile(
    r"\b(error|err|fatal|panic|exception|traceback|failed|failure|refused|denied|forbidden|killed|"
    r"no such|not found|cannot|can't|unable|could not|couldn't|timed? ?out|timeout|unknown host|"
    r"exec format|permission|unauthorized|invalid|missing|exited|crash\w*|oom\w*|segmentation|x509|"
    r"unknown authority|certificate|backoff|back-off|evicted|unschedulable|insufficient|unhealthy|"
    r"deadline exceeded|exceeded|rejected|conflict|not ready|notready|no route|unreachable|reset by peer|"
    r"SIG\w+|abort\w*|died|terminated|not permitted|read-only|panicked|too low|no module|"
    r"already exists|not allowed|violates)\b", re.I)
BAD_STATUS = frozenset({
    "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError", "CreateContainerError",
    "InvalidImageName", "RunContainerError", "Error", "OOMKilled", "ContainerCannotRun", "DeadlineExceeded",
    "StartError", "Evicted", "Pending", "ContainerStatusUnknown", "ErrImageNeverPull", "Unknown", "NodeLost",
    "OutOfcpu", "OutOfmemory", "UnexpectedAdmissionError", "NodeAffinity", "Terminating", "BackOff",
    "PodInitializing", "ContainerCreating", "Init:Error", "Init:CrashLoopBackOff", "Init:ImagePullBackOff",
    "Init:ErrImagePull", "Init:OOMKilled",
})
GOOD_REASONS = frozenset({"Completed", "Running", "PodInitializing", "ContainerCreating"})
STRUCTURE = re.compile(r"^\s*(?:-\s)?(?:\"?[A-Za-z][\w.()/-]*(?: [\w.()/-]+){0,2}\"?:(?:\s.*)?|[-{}\[\],]+\s*|NAME\s.*|LAST SEEN\s.*|Type\s+Reason\s.*|-{3,}.*)$")
JSON_LOG_FIELDS = ("msg", "message", "error", "err", "exception", "log")


def _event_message(rest: str) -> tuple[str | None, str]:
    """(object `pod/x` if the row names one, the message) from what follows an event's reason."""
    obj = None
    rest = rest.strip()
    for _ in range(6):
        m = EVENT_COLUMN.match(rest)
        if not m:
            break
        token = m.group(0).strip()
        if "/" in token and not token.startswith("("):
            obj = token
        rest = rest[m.end():].strip()
    return obj, rest


def _json_log(line: str) -> str | None:
    """The message of a JSON log line (`{"level":"error","msg":"..."}`), or None."""
    stripped = line.strip()
    if not (stripped.startswith("{") and stripped.endswith("}")):
        return None
    try:
        doc = json.loads(stripped)
    except ValueError:
        return None
    if not isinstance(doc, dict):
        return None
    parts = [str(doc[k]) for k in JSON_LOG_FIELDS if isinstance(doc.get(k), (str, int, float)) and doc.get(k)]
    level = str(doc.get("level") or doc.get("severity") or doc.get("lvl") or "")
    return " ".join(([level] if level else []) + parts) or None


OPEN_QUOTED = re.compile(r"^\s*(?:-\s+)?\"?(?:message|reason|msg)\"?\s*:\s*(?P<q>['\"])(?!.*(?P=q)\s*,?\s*$)")
ROW_STATUS = re.compile(r"^(?P<name>[a-z0-9][\w.-]*)\s+(?:\S+\s+){0,3}?(?P<status>Pending|Lost|Failed|Evicted|NotReady|"
                        r"Terminating|Released|Unknown|SchedulingDisabled|NotReady,SchedulingDisabled)\b")
HEADER_KINDS = (("STORAGECLASS", "pvc"), ("ROLES", "node"), ("RESTARTS", "pod"), ("COMPLETIONS", "job"),
                ("UP-TO-DATE", "deployment"), ("CLAIM", "pv"))


def _joined(text: str) -> list[tuple[int, str]]:
    """Lines with a YAML quoted `message:` that wraps onto the next lines joined into one (numbered at its start)."""
    out: list[tuple[int, str]] = []
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        line, start = lines[i], i + 1
        m = OPEN_QUOTED.match(line)
        if m:
            quote = m.group("q")
            while i + 1 < len(lines) and lines[i + 1].strip() and not line.rstrip().rstrip(",").endswith(quote):
                i += 1
                line = line.rstrip() + " " + lines[i].strip()
        out.append((start, line))
        i += 1
    return out


def read_lines(text: str, file: str = "") -> list[EvidenceLine]:
    """Every signal in one normalised text, in order."""
    out: list[EvidenceLine] = []
    state: str | None = None  # the container state the following Reason:/Exit Code: lines belong to
    in_events = False
    table_kind = ""  # the kind of the last `get` table header seen (for rows of other kinds than pods)
    for number, line in _joined(text):
        if not line.strip() or line.startswith("$ "):
            continue
        stripped = line.strip().replace("`", "")  # Markdown inline code marks are not part of the output
        if stripped.startswith(("NAME ", "NAMESPACE ")) and "  " in stripped:
            table_kind = next((kind for col, kind in HEADER_KINDS if re.search(rf"\b{col}\b", stripped)), "")

        def add(kind: str, **fields) -> None:
            out.append(EvidenceLine(kind=kind, text=stripped, file=file, line=number, **fields))

        if re.match(r"^\s*Events:", line):
            in_events = True
            continue
        ev = EVENT.search(line)
        if ev and (in_events or ev.start() < 40):
            obj, message = _event_message(ev.group("rest"))
            add("event", reason=ev.group("reason"), message=message or None, object=obj,
                failure=ev.group("type") == "Warning")
            continue
        if m := STATE_LINE.match(line):
            if m.group("state"):
                state = m.group("state").lower()
                continue
        if m := STATE_KEY.match(line):
            state = m.group("state").lower()
            continue
        if m := REASON_LINE.match(line):
            reason = m.group("reason")
            add("state", reason=reason, state=state if state in ("waiting", "terminated") else None,
                failure=reason not in GOOD_REASONS)
            continue
        if m := EXIT_LINE.match(line):
            code = int(m.group("code"))
            if out and out[-1].kind == "state" and out[-1].line >= number - 2 and out[-1].exit_code is None:
                out[-1].exit_code = code  # `Reason: Error` + `Exit Code: 1` of one terminated state
            add("exit", exit_code=code, state="terminated", failure=code != 0)
            continue
        if m := MESSAGE_LINE.match(line):
            message = m.group("message").strip().strip("\"'")
            if message and out and out[-1].kind in ("state", "exit") and out[-1].line >= number - 3:
                out[-1].message = message  # `reason:` + `message:` of one container state
            if message:
                add("field", message=message, failure=bool(LOG_FAILURE.search(message)))
            continue
        if m := POD_ROW.match(stripped):
            status = m.group("status")
            bad = status in BAD_STATUS or status.startswith("Init:") and status != "Init:0/1"
            add("row", reason=status.split(":")[-1], object=f"pod/{m.group('name')}", failure=bad,
                state="waiting" if status in ("CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull") else None)
            continue
        if ERROR_TEXT.match(stripped):
            add("error", message=stripped, failure=True)
            continue
        if (m := ROW_STATUS.match(stripped)) and "  " in stripped:
            kind = table_kind or "object"
            add("row", reason=m.group("status"), object=f"{kind}/{m.group('name')}", failure=True)
            continue
        message = _json_log(stripped)
        if message is not None:
            add("log", message=message, failure=bool(LOG_FAILURE.search(message)))
            continue
        if STRUCTURE.match(line) and not LOG_FAILURE.search(line):
            add("field")  # a `Key: value` field or table frame: kept (a signature may know it), not a failure
            continue
        add("log", failure=bool(LOG_FAILURE.search(line)))
    return out


RESOURCE_HEAD = re.compile(r"^(?P<indent>\s*)-?\s*\"?(?P<which>limits|requests|Limits|Requests)\"?\s*:\s*\{?\s*$")
RESOURCE_ITEM = re.compile(r"^\s*\"?(?P<res>memory|cpu|ephemeral-storage)\"?\s*:\s*[\"']?(?P<value>[0-9.]+[A-Za-z]*)[\"']?,?\s*$")
RESOURCE_INLINE = re.compile(r"\b(?P<which>limits|requests)\"?\s*[:=]\s*\{?[^}\n]*?\b(?P<res>memory|cpu)\"?\s*[:=]\s*"
                             r"[\"']?(?P<value>[0-9.]+[A-Za-z]*)", re.I)


def spec_facts(text: str) -> dict[str, str]:
    """Resource limits and requests the text shows (YAML, JSON or describe), as `limits.memory` -> `256Mi`."""
    facts: dict[str, str] = {}
    which: str | None = None
    indent = -1
    for line in text.splitlines():
        head = RESOURCE_HEAD.match(line)
        if head:
            which, indent = head.group("which").lower(), len(head.group("indent"))
            continue
        if which is not None:
            item = RESOURCE_ITEM.match(line)
            current = len(line) - len(line.lstrip())
            if item and current > indent:
                facts.setdefault(f"{which}.{item.group('res')}", item.group("value"))
                continue
            if line.strip():
                which = None
        for m in RESOURCE_INLINE.finditer(line):
            facts.setdefault(f"{m.group('which').lower()}.{m.group('res')}", m.group("value"))
    return facts
