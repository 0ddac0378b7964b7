"""The diagnosis engine: run every analyzer, and answer a question from the findings and facts.

`diagnose` is `agent diagnose` (everything, worst first). `answer` is `agent ask`:
the findings about what the question names (objects, kinds, symptoms) come first,
other problems are mentioned briefly, plain facts are added when asked for.
"""

from __future__ import annotations

import logging
import re
from typing import Iterable

from agent.diagnosis.analyzers import ANALYZERS, Analyzer, all_analyzers
from agent.diagnosis.facts import answer_facts, health_line
from agent.diagnosis.models import Answer, Coverage, Finding, KindCount, ObjectRef, Severity, SourceWarning, plural
from agent.diagnosis.question import TOPICS, Missing, Question, Ref, parse_question
from agent.diagnosis.relations import family, pods_of
from agent.diagnosis.state import CLUSTER_SCOPED, ClusterState, Obj, labels_of, name_of, namespace_of
from agent.kube.owners import controller_of, owned_by, owner_references
from agent.kube.pods import is_crashing

log = logging.getLogger(__name__)

SEVERITY_RANK = {Severity.CRITICAL: 0, Severity.WARNING: 1, Severity.INFO: 2}
WHY_WORDS = frozenset({"why", "wrong", "problem", "problems", "issue", "issues", "fail", "fails", "failing", "failed",
                       "broken", "fix", "debug", "troubleshoot", "happening", "cause", "crash", "crashing", "crashes",
                       "error", "errors", "stuck", "down", "healthy", "ok", "okay", "working"})
# the order kinds are listed in "checked ..." (workloads first); other kinds follow alphabetically
KIND_ORDER = ("Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Service", "Ingress",
              "PersistentVolumeClaim", "HorizontalPodAutoscaler", "Node")
# cluster-scoped objects whose problems reach every namespace (admission, scheduling priority, default storage)
CLUSTER_WIDE_EFFECT = frozenset({"MutatingWebhookConfiguration", "ValidatingWebhookConfiguration", "PriorityClass",
                                 "StorageClass"})


def _key(ref: ObjectRef) -> Ref:
    return (ref.kind, ref.namespace, ref.name)


def select_analyzers(names: Iterable[str] | None = None) -> list[Analyzer]:
    """The analyzers `--filter` names (all when none), in registry order; an unknown name is a usage error."""
    analyzers = all_analyzers()
    wanted = [n.strip() for n in names or () if n.strip()]
    if not wanted:
        return analyzers
    unknown = [n for n in wanted if n not in ANALYZERS]
    if unknown:
        from agent.errors import UsageError

        raise UsageError(f"unknown analyzer(s): {', '.join(unknown)}",
                         hint=f"`agent diagnose --list-analyzers` lists them: {', '.join(sorted(ANALYZERS))}")
    return [a for a in analyzers if a.name in wanted]


def run_analyzers(state: ClusterState, analyzers: list[Analyzer] | None = None,
                  ) -> tuple[list[Finding], list[SourceWarning]]:
    findings: list[Finding] = []
    warnings: list[SourceWarning] = []
    for analyzer in analyzers if analyzers is not None else all_analyzers():
        try:
            findings.extend(analyzer.analyze(state))
        except Exception as exc:  # one broken analyzer must not hide what the others found
            log.exception("analyzer %s failed", analyzer.name)
            warnings.append(SourceWarning(message=f"analyzer {analyzer.name} failed: {type(exc).__name__}: {exc}"))
    return findings, warnings


def in_scope(state: ClusterState, finding: Finding, namespace: str | None) -> bool:
    if namespace is None or finding.object.namespace == namespace:
        return True
    if finding.object.namespace is not None:
        return False
    # a cluster-scoped object (node, PV, storage class, webhook) matters to a namespace whose pods it affects
    if finding.object.kind in CLUSTER_WIDE_EFFECT or any(r.namespace == namespace for r in finding.related):
        return True
    if finding.object.kind == "Node":
        pods = state.of_kind("Pod", namespace)
        if not state.knows("Pod"):
            return True  # which nodes run the namespace's pods is unknown: every node may
        # the nodes its pods run on, and every node while some of its pods wait to be scheduled
        return any((p.get("spec") or {}).get("nodeName") in (finding.object.name, None) for p in pods
                   if (p.get("status") or {}).get("phase") in (None, "Pending", "Running", "Unknown"))
    if finding.object.kind == "PersistentVolume":
        claim = ((state.get("PersistentVolume", None, finding.object.name) or {}).get("spec") or {}).get("claimRef") or {}
        return claim.get("namespace") in (namespace, None)
    return not finding.related


def matches_selector(state: ClusterState, finding: Finding, selector: str | None) -> bool:
    """`-l`: keep findings about objects whose labels match, like `kubectl get -l` would list them."""
    if not selector:
        return True
    from agent.kube.selectors import matches_text as matches

    obj = state.get(finding.object.kind, finding.object.namespace, finding.object.name)
    if obj is not None:
        return matches(selector, labels_of(obj))
    # an object the source does not hold (a missing target): judge it by the objects it is about
    return any(matches(selector, labels_of(o)) for r in finding.related
               if (o := state.get(r.kind, r.namespace, r.name)) is not None)


def rank_key(finding: Finding) -> tuple[int, float]:
    return SEVERITY_RANK[finding.severity], -finding.confidence


def dedupe(findings: list[Finding]) -> list[Finding]:
    specific = {_key(f.object) for f in findings if not _is_fallback(f)}
    seen: set[tuple[Ref, str]] = set()
    unique = []
    for f in findings:
        if _is_fallback(f) and _key(f.object) in specific:
            continue
        key = (_key(f.object), " ".join(f.root_cause.lower().split()))
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique


def _is_fallback(finding: Finding) -> bool:
    analyzer = ANALYZERS.get(finding.analyzer)
    return bool(analyzer and analyzer.fallback)


def diagnose(state: ClusterState, namespace: str | None = None) -> list[Finding]:
    """Every problem the analyzers find, worst and surest first, each once."""
    findings, _ = run_analyzers(state)
    return _scope_and_sort(state, findings, namespace)


def _scope_and_sort(state: ClusterState, findings: list[Finding], namespace: str | None,
                    selector: str | None = None) -> list[Finding]:
    scoped = [f for f in findings if in_scope(state, f, namespace) and matches_selector(state, f, selector)]
    return dedupe(sorted(scoped, key=rank_key))


def topic_score(finding: Finding, q: Question) -> int:
    analyzer = ANALYZERS.get(finding.analyzer)
    keywords = {k.lower() for k in (analyzer.keywords if analyzer else ())}
    blob = " ".join([finding.analyzer, finding.object.kind, finding.symptom, finding.root_cause]).lower()
    score = 2 * sum(1 for w in set(q.words) if w in keywords)
    return score + sum(1 for topic in q.topics if topic in keywords or any(w in blob for w in TOPICS[topic]))


def kind_mentioned(finding: Finding, q: Question) -> bool:
    return finding.object.kind in q.kinds or any(r.kind in q.kinds for r in finding.related)


def route(state: ClusterState, findings: list[Finding], q: Question) -> tuple[list[Finding], list[Finding]]:
    """(findings that answer the question, other problems)."""
    if q.mentioned:
        refs: set[Ref] = set()
        for ref in q.mentioned:
            refs |= family(state, ref)
            if ref[0] == "Node":  # a question about a node (drain, NotReady) is about what runs on it
                for pod in pods_on_node(state, ref[2]):
                    refs |= family(state, ("Pod", namespace_of(pod), name_of(pod)))
            for pod in replicas_by_name(state, ref):
                refs |= family(state, ("Pod", namespace_of(pod), name_of(pod)))
        primary = [f for f in findings if _key(f.object) in refs or any(_key(r) in refs for r in f.related)]
    elif q.missing:
        primary = []  # the question is about something that is not there; other problems are only "also found"
    else:
        primary = [f for f in findings if topic_score(f, q) > 0] or [f for f in findings if kind_mentioned(f, q)]
        primary = primary or list(findings)
    primary.sort(key=lambda f: (-topic_score(f, q), not kind_mentioned(f, q), *rank_key(f)))
    others = [f for f in findings if f not in primary]
    return primary, others


# how controllers name their pods: backend-7d9f8c6b5-x2k4q, postgres-0, fluentd-x2k4q, backup-29927760-x2k4q
REPLICA_NAME = {
    "Deployment": r"-[a-z0-9]{5,10}-[a-z0-9]{5}", "StatefulSet": r"-[0-9]+", "DaemonSet": r"-[a-z0-9]{5}",
    "Job": r"-[a-z0-9]{5}", "CronJob": r"-[0-9]+-[a-z0-9]{5}",
}


def replicas_by_name(state: ClusterState, ref: Ref) -> list[Obj]:
    """Pods of a workload known only by their names: pasted `kubectl get pods` tables carry no owners."""
    kind, ns, name = ref
    suffix = REPLICA_NAME.get(kind)
    if suffix is None:
        return []
    pattern = re.compile(re.escape(name) + suffix + "$")
    return [p for p in state.of_kind("Pod", ns)
            if not owner_references(p) and pattern.match(name_of(p))]


def pods_on_node(state: ClusterState, node: str) -> list[Obj]:
    return [p for p in state.of_kind("Pod") if (p.get("spec") or {}).get("nodeName") == node]


def mentioned_line(state: ClusterState, q: Question, ref: Ref) -> str:
    """How the answer names an object the question named: by its host for an Ingress asked about by URL."""
    _, ns, name = ref
    if ref in q.hosts:
        return f"the Ingress {ns}/{name} serving host {q.hosts[ref]} ({health_line(state, ref)})"
    return health_line(state, ref)


def missing_line(miss: Missing, namespace: str | None) -> str:
    what = (miss.kind or "object").lower()
    scoped = namespace and miss.kind != "Namespace" and miss.kind not in CLUSTER_SCOPED
    where = f" in namespace {namespace}" if scoped else ""
    closest = f"; closest names: {', '.join(miss.suggestions)}" if miss.suggestions else ""
    return f"There is no {what} named '{miss.word}'{where}{closest}."


def _has_log(state: ClusterState, pod: dict, container: str) -> bool:
    """A log of this container, or of the same container in a sibling replica (replicas crash alike)."""
    ns = namespace_of(pod) or ""
    owner = controller_of(pod)
    siblings = [p for p in state.of_kind("Pod", ns)
                if p is pod or (owner and owned_by(p, owner.get("kind", ""), owner.get("name", "")))]
    return any(state.any_log(ns, name_of(p), container) is not None for p in siblings)


def _missing_logs(state: ClusterState, pods: list) -> list[SourceWarning]:
    warnings = []
    for pod in pods:
        ns, name = namespace_of(pod) or "", name_of(pod)
        for cs in (pod.get("status") or {}).get("containerStatuses") or []:
            if is_crashing(cs) and not _has_log(state, pod, cs.get("name", "")):
                warnings.append(SourceWarning(
                    kind="Pod", namespace=ns,
                    message=f"no logs were available for container {cs.get('name')} of pod {ns}/{name}; "
                            "the cause is inferred from status and events only "
                            f"(kubectl logs -n {ns} {name} -c {cs.get('name')} --previous)"))
    return warnings


def _pods_behind(state: ClusterState, findings: list[Finding], q: Question) -> list:
    refs = set(q.mentioned)
    for f in findings:
        refs.add(_key(f.object))
        refs.update(_key(r) for r in f.related)
    pods: list = []
    for kind, ns, name in refs:
        obj = state.get(kind, ns, name)
        if obj is not None:
            pods.extend(p for p in pods_of(state, obj) if p not in pods)
    return pods


def _absent(state: ClusterState) -> str:
    """How a coverage line says a kind was not available, by source."""
    if state.label.startswith("live"):
        return "could not be read from the cluster"
    if state.label.startswith("pasted"):
        return "were not in the pasted text"
    return "were not in the snapshot"


def coverage(state: ClusterState, namespace: str | None, analyzers: list[Analyzer] | None = None,
             selector: str | None = None) -> Coverage:
    """Kinds checked (objects in scope) and, for kinds the source lacks, what therefore went unchecked."""
    analyzers = analyzers if analyzers is not None else all_analyzers()
    checked: dict[str, int] = {}
    missing: list[str] = []
    for analyzer in analyzers:
        for kind in analyzer.kinds:
            if kind in checked or kind in missing:
                continue
            if not state.knows(kind):
                missing.append(kind)
                continue
            objs = state.of_kind(kind, None if kind in CLUSTER_SCOPED else namespace)
            if selector:
                from agent.kube.selectors import matches_text as matches

                objs = [o for o in objs if matches(selector, labels_of(o))]
            checked[kind] = len(objs)
    absent = _absent(state)
    notes: list[str] = []
    if missing:
        notes.append(f"{', '.join(plural(k) for k in missing)} {absent}, so none was checked")
    for analyzer in analyzers:
        if analyzer.kinds and not any(state.of_kind(k) for k in analyzer.kinds):
            continue  # nothing for this analyzer to check: what it would also need does not matter
        for kind, what in analyzer.needs.items():
            note = f"{plural(kind)} {absent}, so {what} were not checked"
            if not state.knows(kind) and note not in notes:
                notes.append(note)
    rank = {k: i for i, k in enumerate(KIND_ORDER)}
    ordered = [KindCount(kind=k, count=n) for k, n in sorted(checked.items(), key=lambda kv: (rank.get(kv[0], len(rank)), kv[0]))]
    return Coverage(checked=ordered, not_checked=notes, analyzers=[a.name for a in analyzers],
                    complete=state.complete, scope=f"namespace {namespace}" if namespace else "all namespaces")


def checked_summary(state: ClusterState, namespace: str | None, analyzers: list[Analyzer] | None = None,
                    cov: Coverage | None = None) -> str:
    cov = cov or coverage(state, namespace, analyzers)
    return f"checked {cov.checked_text()} in {cov.scope} with {len(cov.analyzers)} analyzers"


NOTHING_TO_CHECK_HINT = ("paste `kubectl get pods -o wide`, `kubectl describe pod NAME` or container logs with -f, or "
                         "point --snapshot at a `kubectl cluster-info dump` directory")


def _evidence_to_check(state: ClusterState, question: str) -> bool:
    from agent.diagnosis.intake.findings import question_hits, signature_hits
    from agent.diagnosis.intake.lookups import is_lookup

    intake = state.intake
    intake.question = intake.question or question
    return bool(intake.failures() or is_lookup(question) or signature_hits(intake) or question_hits(intake))


def _nothing_to_check(state: ClusterState, namespace: str | None, question: str = "") -> Answer | None:
    """An Answer saying the source holds no objects in scope, so "no problems" would be a claim about nothing."""
    if state.intake is not None and state.intake.lines and _evidence_to_check(state, question):
        return None  # pasted text with a failure signal, a signature match or a lookup to answer
    if any(state.of_kind(kind, None if kind in CLUSTER_SCOPED else namespace) for kind in list(state.objects)):
        return None
    where = f" in namespace {namespace}" if namespace else ""
    signal = " and no failure signal (no Warning event, failing state, exit code, error line or known failure)" \
        if state.intake is not None and state.intake.lines else ""
    return Answer(question=question, summary=f"Nothing to check: {state.label or 'the source'} holds no Kubernetes "
                  f"objects{where}{signal}; {NOTHING_TO_CHECK_HINT}.", warnings=list(state.warnings), source=state.label,
                  answered=False)


def diagnose_report(state: ClusterState, namespace: str | None = None, analyzers: list[Analyzer] | None = None,
                    selector: str | None = None) -> Answer:
    """`agent diagnose` as an Answer: every finding, worst first, what was checked and what could not be."""
    empty = _nothing_to_check(state, namespace)
    if empty is not None:
        return empty
    analyzers = analyzers if analyzers is not None else all_analyzers()
    raw, analyzer_warnings = run_analyzers(state, analyzers)
    findings = _scope_and_sort(state, raw, namespace, selector)
    counts = {s: sum(1 for f in findings if f.severity == s) for s in Severity}
    where = f"namespace {namespace}" if namespace else "all namespaces"
    cov = coverage(state, namespace, analyzers, selector)
    gaps = f" ({len(cov.not_checked)} gap(s) in coverage listed below)" if cov.not_checked else ""
    if counts[Severity.CRITICAL] or counts[Severity.WARNING]:
        summary = (f"Found {counts[Severity.CRITICAL]} critical and {counts[Severity.WARNING]} warning problem(s) "
                   f"in {where}; {checked_summary(state, namespace, cov=cov)}{gaps}.")
    else:
        summary = f"No problems found: {checked_summary(state, namespace, cov=cov)}{gaps}."
    return Answer(question="", summary=summary, findings=findings, warnings=list(state.warnings) + analyzer_warnings,
                  source=state.label, answered=bool(state.kinds_read), coverage=cov)


def asks_for_a_cause(q: Question) -> bool:
    from agent.diagnosis.intake.lookups import is_lookup

    return bool(set(q.words) & WHY_WORDS) and not is_lookup(q.text)


def _evidence_findings(state: ClusterState, q: Question, raw: list[Finding]) -> tuple[list[Finding], list[str]]:
    """Findings from the pasted evidence (signature hits, else the strongest failure signal), in q's namespace."""
    from agent.diagnosis.intake.findings import knowledge_findings, signal_finding

    intake = state.intake
    if intake is None:
        return [], []
    from agent.diagnosis.intake.partial import is_partial

    def on_whole_object(f: Finding) -> bool:
        obj = state.get(f.object.kind, f.object.namespace, f.object.name)
        return obj is not None and not is_partial(obj)

    if any(f.severity != Severity.INFO and on_whole_object(f) for f in raw):
        return [], []  # whole objects were pasted: the analyzers read them exactly, signatures would only echo them
    found, needed = knowledge_findings(intake)
    from_files = [f for f in found if not any(e.source.startswith("question") for e in f.evidence)]
    if not from_files and not any(f.severity != Severity.INFO for f in raw):
        signal = signal_finding(intake)  # quotes the message itself, next to what the question's words matched
        found = found + ([signal] if signal is not None else [])
    for f in found:
        if f.object.namespace is None and q.namespace:
            f.object.namespace = q.namespace  # evidence without a namespace follows -n
    return found, needed


def answer(state: ClusterState, question: str, namespace: str | None = None) -> Answer:
    if state.intake is not None:
        from agent.diagnosis.intake.scope import prepare

        prepare(state, question, namespace)
    empty = _nothing_to_check(state, namespace, question)
    if empty is not None:
        return empty
    q = parse_question(question, state, namespace)
    from agent.diagnosis.intake.scope import settle_scope

    scope_notes = settle_scope(state, q)
    raw, analyzer_warnings = run_analyzers(state)
    evidence, needed = _evidence_findings(state, q, raw)
    findings = _scope_and_sort(state, raw, q.namespace)
    evidence_sorted = sorted(evidence, key=rank_key)
    findings = findings + [f for f in evidence_sorted if f not in findings]
    problems = [f for f in findings if f.severity != Severity.INFO]
    facts = answer_facts(state, q)
    if state.intake is not None and state.intake.failures():
        # "no events recorded" is not true of a paste whose events came as text; evidence findings answer it
        facts = [f for f in facts if not f.startswith(("no events recorded", "no logs were available"))]
    if facts and not asks_for_a_cause(q):
        primary, others = [], findings  # a plain question ("how many", "which image"): facts first
    else:
        primary, others = route(state, findings, q)
    if evidence and not any(f.severity != Severity.INFO for f in primary) and not (facts and not asks_for_a_cause(q)):
        # the paste is about the workload in question: its signals answer the question even unnamed
        primary = [f for f in evidence_sorted if f.severity != Severity.INFO] + primary
        others = [f for f in others if f not in primary]
    primary_problems = [f for f in primary if f.severity != Severity.INFO]
    warnings = list(state.warnings) + analyzer_warnings
    warnings += [SourceWarning(message=f"to be sure: {need}") for need in dict.fromkeys(needed)]
    if primary_problems:
        warnings += _missing_logs(state, _pods_behind(state, primary_problems, q))

    lines: list[str] = list(scope_notes)
    lines.extend(missing_line(miss, q.namespace) for miss in q.missing)
    if primary_problems:
        top = primary_problems[0]
        host = q.hosts.get(_key(top.object))
        served = f", the Ingress serving host {host}" if host else ""
        from agent.diagnosis.intake.partial import PLACEHOLDER

        unnamed = top.object.kind == "Workload" or top.object.name == PLACEHOLDER
        what = "the workload in question" if unnamed else str(top.object)
        lines.append(f"Root cause ({what}{served}): {top.root_cause.rstrip('.')}.")
        if len(primary_problems) > 1:
            lines.append(f"{len(primary_problems) - 1} more related problem(s) below.")
    elif facts and not asks_for_a_cause(q):
        lines.append(facts[0] + ("" if len(facts) == 1 else f" (and {len(facts) - 1} more fact(s) below)") + ".")
    elif q.mentioned:
        healthy = list(dict.fromkeys(q.mentioned))
        if len(healthy) == 1:
            lines.append(f"No problems found with {mentioned_line(state, q, healthy[0])}.")
        else:
            lines.append(f"No problems found with {', '.join(f'{k}/{ns}/{n}' if ns else f'{k}/{n}' for k, ns, n in healthy)}.")
        facts = facts or [mentioned_line(state, q, ref) for ref in healthy]
    elif not problems and state.intake is not None and state.intake.lines and not any(state.objects.values()):
        from agent.diagnosis.intake.findings import nothing_recognised

        lines.append(nothing_recognised(state.intake))
    elif not problems:
        lines.append(f"No problems found: {checked_summary(state, q.namespace)}.")
    if not primary_problems and problems:
        lines.append(f"Found {len(problems)} other problem(s) not related to the question."
                     if asks_for_a_cause(q) or q.missing else f"Also found {len(problems)} problem(s).")

    ordered = primary + others
    answered = bool(primary_problems or facts or not q.missing)
    return Answer(
        question=question, summary=" ".join(lines), findings=ordered, facts=facts,
        warnings=warnings, source=state.label, answered=answered,
        primary=len(primary) if q.mentioned or q.missing or primary != findings else None,
        coverage=coverage(state, q.namespace),
    )


__all__ = ["answer", "checked_summary", "coverage", "diagnose", "diagnose_report", "select_analyzers"]
