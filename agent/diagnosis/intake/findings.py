"""Findings from evidence: every line is matched against the failure-signature knowledge base; a failure
signal no signature explains still becomes an honest finding that names the one command that settles it.
"""

from __future__ import annotations

import logging
import re

from agent.diagnosis.intake.evidence import EvidenceLine, Intake, Subject
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity

log = logging.getLogger(__name__)

ANALYZER = "knowledge"
SIGNAL_ANALYZER = "evidence"
MAX_HITS = 4
SURE = 0.85  # below this confidence a hit names the evidence that would confirm it
COMMAND_START = re.compile(r"^\s*(?:\$\s*)?(kubectl|helm|docker|crictl|minikube|kind|gcloud|aws|az|oc|curl|nslookup|"
                           r"dig|chmod|chown|mount|echo|cat|ls|sudo|systemctl|journalctl)\b")
SEVERITIES = {"critical": Severity.CRITICAL, "error": Severity.CRITICAL, "high": Severity.CRITICAL,
              "warning": Severity.WARNING, "medium": Severity.WARNING, "info": Severity.INFO, "low": Severity.INFO}
STATE_OF = {"event": "event", "error": "error", "log": "log", "field": "log", "row": "waiting"}


def subject_ref(subject: Subject) -> ObjectRef:
    if subject.name:
        return ObjectRef(kind=subject.kind, name=subject.name, namespace=subject.namespace)
    return ObjectRef(kind="Workload", name="the workload in question", namespace=subject.namespace)


def known_reasons() -> dict[str, str]:
    """Every event/container reason the knowledge base matches on (lower case -> as written)."""
    from agent.diagnosis import knowledge

    return {r.lower(): r for s in knowledge.signatures() for r in (s.match.reason or [])}


REASON_WORD = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]*)+\b")


def _knowledge_line(e: EvidenceLine, reasons: dict[str, str]):
    from agent.diagnosis.knowledge import EvidenceLine as KnowledgeLine

    state = e.state if e.kind in ("state", "exit") else STATE_OF.get(e.kind)
    reason = e.reason
    if reason is None and e.kind in ("error", "log", "field"):
        # a reason quoted inside a tool's or log's text ("Job failed: BackoffLimitExceeded")
        reason = next((reasons[w.lower()] for w in REASON_WORD.findall(e.match_text()) if w.lower() in reasons), None)
    return KnowledgeLine(text=e.match_text(), reason=reason, exit_code=e.exit_code, state=state, source=e)


def signature_hits(intake: Intake) -> list:
    """Knowledge-base hits over every evidence line, best first; [] when the knowledge base is not available."""
    try:
        from agent.diagnosis import knowledge
    except ImportError:  # the knowledge base is a separate package; without it only fallbacks are given
        return []
    try:
        reasons = known_reasons()
        lines = [_knowledge_line(e, reasons) for e in intake.lines]
        raw = list(knowledge.match_lines(lines))
        # the raw text of a row or state line can hold more than its message (`... Error: ...`)
        extra = [_knowledge_line(e.model_copy(update={"message": None}), reasons) for e in intake.lines
                 if e.message and e.message != e.text]
        raw += [h for h in knowledge.match_lines(extra) if h.id not in {r.id for r in raw}]
        # a message wrapped over several lines (a paste cut at the terminal's width) is matched joined, too
        joined = [_knowledge_line(p, reasons) for p in paragraphs(intake)]
        raw += [h for h in knowledge.match_lines(joined) if h.id not in {r.id for r in raw}]
        return raw
    except Exception:  # a broken signature file must not hide the analyzers' findings
        log.exception("knowledge base match failed")
        return []


def question_hits(intake: Intake) -> list:
    """Hits on what the user says ("fails with OOMKilled", "pod has unbound PVCs"): evidence when the files match
    nothing."""
    if not intake.question:
        return []
    from agent.diagnosis import knowledge

    try:
        said = EvidenceLine(kind="log", text=intake.question, file="question")
        return list(knowledge.match_lines([_knowledge_line(said, known_reasons())]))
    except Exception:  # a broken signature file must not hide the analyzers' findings
        log.exception("knowledge base match failed")
        return []


def paragraphs(intake: Intake) -> list[EvidenceLine]:
    """Runs of 2-6 consecutive evidence lines of one file joined into one, for messages wrapped over lines."""
    out: list[EvidenceLine] = []
    run: list[EvidenceLine] = []

    def flush() -> None:
        if 2 <= len(run) <= 6:
            out.append(EvidenceLine(kind="log", text=" ".join(e.text for e in run), file=run[0].file,
                                    line=run[0].line, failure=any(e.failure for e in run)))
        run.clear()

    for e in intake.lines:
        if run and (e.file != run[-1].file or e.line != run[-1].line + 1 or e.kind == "event"):
            flush()
        if e.kind in ("log", "field", "error"):
            run.append(e)
        else:
            flush()
    flush()
    return out


def _split_fix(steps: list[str]) -> Fix:
    """Bare commands become commands, a multi-line step a patch, the other steps a numbered description."""
    commands = [s.strip().removeprefix("$ ").strip() for s in steps if COMMAND_START.match(s) and "\n" not in s.strip()]
    prose = [s.strip() for s in steps if not (COMMAND_START.match(s) and "\n" not in s.strip())]
    patch = next((p for p in prose if "\n" in p and ":" in p), None)
    prose = [p.rstrip(".") for p in prose if p is not patch]
    text = prose[0] + "." if len(prose) == 1 else " ".join(f"({i}) {p}." for i, p in enumerate(prose, 1))
    return Fix(description=text or "Run:", commands=commands, patch=patch)


def hit_finding(hit, subject: Subject, context: dict[str, str]) -> Finding:
    e: EvidenceLine | None = getattr(hit.evidence, "source", None) if hit.evidence is not None else None
    where = f"{e.file}:{e.line}" if e is not None and e.file else (e.kind if e is not None else "input")
    fix = _split_fix(hit.fix(context))
    docs = getattr(hit, "docs", "") or ""
    if docs:
        fix.description = (fix.description.rstrip(".") + f". Docs: {docs}") if fix.description != "Run:" else \
            f"Docs: {docs}"
    quoted = e.text if e is not None else hit.line
    severity = SEVERITIES.get(str(hit.severity).lower(), Severity.WARNING)
    if severity == Severity.INFO and (e is None or e.failure or e.file == "question"):
        severity = Severity.WARNING  # what the user hit and asks about is a problem, whatever its usual weight
    return Finding(
        analyzer=f"{ANALYZER}:{hit.id}", object=subject_ref(subject),
        severity=severity,
        symptom=hit.title, root_cause=hit.cause(context),
        evidence=[Evidence(source=where, text=quoted[:300])], fix=fix,
        confidence=max(0.0, min(1.0, float(hit.confidence))),
    )


# which spec facts the input shows matter to a family's finding (quoted as evidence, never assumed)
SPEC_FOR_FAMILY = {"oom-resources": ("limits.memory", "requests.memory"), "eviction": ("requests.memory", "limits.memory",
                   "requests.ephemeral-storage", "limits.ephemeral-storage"),
                   "scheduling": ("requests.cpu", "requests.memory")}


def with_spec(finding: Finding, family: str, intake: Intake) -> Finding:
    shown = [f"{k}={intake.spec[k]}" for k in SPEC_FOR_FAMILY.get(family, ()) if k in intake.spec]
    if shown:
        finding.evidence.append(Evidence(source="spec (as pasted)", text="resources: " + ", ".join(shown)))
        finding.root_cause = finding.root_cause.rstrip() + f" The input shows {', '.join(shown)}."
    return finding


def knowledge_findings(intake: Intake) -> tuple[list[Finding], list[str]]:
    """(findings from signature hits, the evidence each would still need to be sure)."""
    context = intake.subject.context()
    findings: list[Finding] = []
    needed: list[str] = []
    families: set[str] = set()
    hits = signature_hits(intake)
    if not hits:
        hits = question_hits(intake)
    for hit in hits:
        if hit.family in families or len(findings) >= MAX_HITS:
            continue
        families.add(hit.family)
        findings.append(with_spec(hit_finding(hit, intake.subject, context), hit.family, intake))
        need = hit.evidence_needed(context) if hit.confidence < SURE else None
        if need:
            needed.append(need)
    return findings, needed


def settling_command(e: EvidenceLine, subject: Subject) -> tuple[str, str]:
    """(what evidence is missing, the one command that shows it) for a failure signal no signature explains."""
    pod = subject.name or "<pod>"
    ns = f" -n {subject.namespace}" if subject.namespace else ""
    reason = e.reason or ""
    if e.kind in ("state", "exit") or reason in ("CrashLoopBackOff", "BackOff", "Error"):
        return "the container's own output before it stopped", f"kubectl logs {pod}{ns} --previous"
    if e.kind == "row" and e.object and not e.object.startswith(("pod/", "object/")):
        kind, _, name = e.object.partition("/")
        return f"the {kind}'s events", f"kubectl describe {kind} {name}{ns}"
    if e.kind == "row" and reason in ("Pending", "ContainerCreating"):
        return "the scheduler's or kubelet's events for it", f"kubectl describe pod {pod}{ns}"
    if e.kind in ("row", "event"):
        return "the container states and events", f"kubectl describe pod {pod}{ns}"
    if e.kind == "error":
        return "what the command was run against", "kubectl config current-context && kubectl auth can-i --list" + ns
    return "the pod's state, exit code and events", f"kubectl describe pod {pod}{ns}"


def signal_finding(intake: Intake) -> Finding | None:
    """A finding for the strongest failure signal when no signature and no analyzer explained it."""
    failures = intake.failures()
    if not failures:
        return None
    order = {"event": 0, "state": 1, "exit": 2, "error": 3, "row": 4, "field": 5, "log": 6}
    best = sorted(failures, key=lambda e: order.get(e.kind, 9))[0]
    missing, command = settling_command(best, intake.subject)
    quoted = [e for e in failures if e.kind == best.kind][:3]
    signal = best.reason or best.match_text()[:160]
    said = best.message if best.message and best.message != signal else ""
    if said:
        root = (f"{intake.subject.label()} reports {signal}: {said[:300]} (no known failure signature matched; "
                f"what the message says is the best evidence of the cause; missing: {missing})")
    else:
        root = f"{intake.subject.label()} shows '{signal}', but the input does not show why; missing: {missing}"
    return Finding(
        analyzer=SIGNAL_ANALYZER, object=subject_ref(intake.subject), severity=Severity.WARNING,
        symptom=f"the input shows a failure signal: {signal}",
        root_cause=root,
        evidence=[Evidence(source=f"{e.file}:{e.line}" if e.file else e.kind, text=e.text[:300]) for e in quoted],
        fix=Fix(description=f"Run this and attach its output to settle the cause ({missing}):", commands=[command]),
        confidence=0.3,
    )


def nothing_recognised(intake: Intake) -> str:
    """The honest answer when the text holds no failure signal: what was read, and the one command that settles it."""
    subject = intake.subject
    pod = subject.name or "<pod>"
    ns = f" -n {subject.namespace}" if subject.namespace else ""
    files = len(intake.texts)
    return (f"No known failure in what was given: {len(intake.lines)} line(s) from {files} file(s) were read, no "
            "failure signature matched and none shows a Warning event, a failing container state, a non-zero exit "
            f"code or an error. Missing: the pod's events and container states; attach the output of "
            f"`kubectl describe pod {pod}{ns}`.")
