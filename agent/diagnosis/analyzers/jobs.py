"""Failed Jobs (BackoffLimitExceeded, DeadlineExceeded) and CronJobs whose latest runs fail, with the cause from the pods."""

from __future__ import annotations

from agent.diagnosis.analyzers._crash import Cause, explain_exit
from agent.diagnosis.analyzers._pods import (
    PodIndex,
    containers,
    event_evidence,
    ns_flag,
    pod_ref,
    status_line,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, name_of, namespace_of


def failed_condition(job: Obj) -> Obj | None:
    """Failed=True, or FailureTarget=True (the controller has decided the Job failed and is terminating its pods)."""
    conditions = (job.get("status") or {}).get("conditions") or []
    for wanted in ("Failed", "FailureTarget"):
        for cond in conditions:
            if cond.get("type") == wanted and cond.get("status") == "True":
                return cond
    return None


def finished(job: Obj) -> bool:
    return any(c.get("type") in ("Complete", "Failed", "SuccessCriteriaMet") and c.get("status") == "True"
               for c in (job.get("status") or {}).get("conditions") or [])


def cronjob_of(job: Obj) -> str | None:
    for owner in (job.get("metadata") or {}).get("ownerReferences") or []:
        if owner.get("kind") == "CronJob":
            return owner.get("name")
    return None


def _created(obj: Obj) -> str:
    return (obj.get("metadata") or {}).get("creationTimestamp") or ""


@register
class JobAnalyzer(Analyzer):
    name = "jobs"
    kinds = ("Job", "CronJob")
    needs = {"Pod": "the causes of Job failures (pod exit codes and logs)"}
    keywords = (
        "job",
        "jobs",
        "cronjob",
        "cron",
        "backofflimitexceeded",
        "backoff limit",
        "batch",
        "migration",
        "scheduled",
        "failed",
        "backup",
    )

    def analyze(self, state: ClusterState) -> list[Finding]:
        index = PodIndex(state)
        findings = []
        by_cronjob: dict[tuple[str, str], list[Obj]] = {}
        for job in state.of_kind("Job"):
            parent = cronjob_of(job)
            if parent:
                by_cronjob.setdefault((namespace_of(job) or "default", parent), []).append(job)
            elif failed_condition(job):
                findings.append(self._job_finding(state, index, job))
            elif (job.get("spec") or {}).get("suspend"):
                findings.append(self._suspended(job))
            elif (job.get("status") or {}).get("failed", 0) > 0 and not finished(job):
                findings.append(self._retrying(state, index, job))
        for (ns, name), jobs in by_cronjob.items():
            finding = self._cronjob_finding(state, index, ns, name, jobs)
            if finding:
                findings.append(finding)
        return findings

    def _pod_cause(
        self, state: ClusterState, index: PodIndex, job: Obj, owner: ObjectRef
    ) -> tuple[Cause | None, list[Obj], list[Evidence]]:
        pods = sorted(index.pods_owned_by("Job", namespace_of(job) or "default", name_of(job)), key=_created)
        for pod in reversed(pods):
            for view in containers(pod, include_init=True):
                term = view.last_terminated
                if term and term.get("exitCode", 0) != 0:
                    if term.get("reason") == "OOMKilled":
                        limit = ((view.spec.get("resources") or {}).get("limits") or {}).get("memory", "none")
                        cause = Cause(
                            "oom",
                            f"The job's container {view.name} was OOMKilled (memory limit {limit}).",
                            [],
                            Fix(description="Raise the Job template's memory limit."),
                            0.85,
                        )
                    else:
                        cause = explain_exit(index, view, owner)
                    return cause, pods, [Evidence(source="status", text=status_line(view))]
        return None, pods, []

    def _job_finding(self, state: ClusterState, index: PodIndex, job: Obj) -> Finding:
        ns, name = namespace_of(job) or "default", name_of(job)
        owner = ObjectRef(kind="Job", name=name, namespace=ns)
        cond = failed_condition(job) or {}
        spec, status = job.get("spec") or {}, job.get("status") or {}
        reason = cond.get("reason", "Failed")
        cause, pods, status_evidence = self._pod_cause(state, index, job, owner)
        evidence = [
            Evidence(
                source="status",
                text=f"Job {name}: condition Failed={cond.get('status')} {reason}: "
                f"{cond.get('message', '')}; failed pods {status.get('failed', 0)}, "
                f"backoffLimit {spec.get('backoffLimit', 6)}",
            ),
            *status_evidence,
        ]
        evidence += event_evidence(state.events_for("Job", ns, name), 1)
        rerun = [f"kubectl delete job {name} {ns_flag(ns)}", "kubectl apply -f <the Job manifest>"]
        if reason == "DeadlineExceeded":
            root = (
                f"The Job {name} was stopped after activeDeadlineSeconds={spec.get('activeDeadlineSeconds')}s: "
                "it ran longer than its deadline" + (f". {cause.root_cause}" if cause else ".")
            )
            fix = Fix(description="Raise activeDeadlineSeconds or make the job faster, then re-run it.", commands=rerun)
            confidence = 0.85
        elif cause:
            root = (
                f"The Job {name} failed ({reason}: {status.get('failed', 0)} failed pods, backoffLimit "
                f"{spec.get('backoffLimit', 6)}). {cause.root_cause}"
            )
            evidence += cause.evidence
            in_place = [c for c in cause.fix.commands if f"job/{name}" not in c]
            fix = Fix(
                description=cause.fix.description + " Jobs cannot be changed in place: make that change in the "
                "Job manifest, then delete and re-create the Job.",
                commands=in_place + rerun,
                patch=cause.fix.patch,
            )
            confidence = cause.confidence
        else:
            root = (
                f"The Job {name} failed ({reason}) and its pods are gone, so the cause can only be inferred: "
                f"{cond.get('message', 'no message')}."
            )
            fix = Fix(
                description="Re-run the Job and read the failing pod's logs.",
                commands=rerun + [f"kubectl logs job/{name} {ns_flag(ns)}"],
            )
            confidence = 0.4
        return Finding(
            analyzer=self.name,
            object=owner,
            severity=Severity.CRITICAL,
            symptom=f"Job {name} is Failed ({reason}), {status.get('failed', 0)} failed pod(s)",
            root_cause=root,
            evidence=evidence,
            fix=fix,
            confidence=confidence,
            related=[pod_ref(p) for p in pods],
        )

    def _suspended(self, job: Obj) -> Finding:
        ns, name = namespace_of(job) or "default", name_of(job)
        return Finding(
            analyzer=self.name, object=ObjectRef(kind="Job", name=name, namespace=ns), severity=Severity.INFO,
            symptom=f"Job {name} is suspended", root_cause=(
                f"Job {name} is suspended (spec.suspend: true), a deliberate setting: it runs no pods until resumed"),
            evidence=[Evidence(source="spec", text="suspend: true")],
            fix=Fix(description="Nothing to fix if intended; resume it to run.",
                    commands=[f"kubectl patch job {name} {ns_flag(ns)} --type merge -p '{{\"spec\":{{\"suspend\":false}}}}'"]),
            confidence=0.9)

    def _retrying(self, state: ClusterState, index: PodIndex, job: Obj) -> Finding:
        """Pods failed but the Failed condition is not there yet: the Job retries toward its backoffLimit."""
        ns, name = namespace_of(job) or "default", name_of(job)
        owner = ObjectRef(kind="Job", name=name, namespace=ns)
        spec, status = job.get("spec") or {}, job.get("status") or {}
        failed, limit = status.get("failed", 0), spec.get("backoffLimit", 6)
        cause, pods, status_evidence = self._pod_cause(state, index, job, owner)
        left = max(0, limit + 1 - failed)
        root = (f"Job {name} has {failed} failed pod(s) and is retrying: after {limit + 1} failures (backoffLimit "
                f"{limit}) it is marked Failed, {left} attempt(s) left" + (f". {cause.root_cause}" if cause else
                                                                           "; its failed pods are gone, read the "
                                                                           "current pod's logs"))
        evidence = [Evidence(source="status", text=f"failed {failed}, active {status.get('active', 0)}, succeeded "
                                                   f"{status.get('succeeded', 0)}, backoffLimit {limit}; no Failed "
                                                   "condition yet"), *status_evidence]
        if cause:
            evidence += cause.evidence
        return Finding(
            analyzer=self.name, object=owner, severity=Severity.WARNING,
            symptom=f"Job {name}: {failed} pod(s) failed, still retrying",
            root_cause=root, evidence=evidence,
            fix=cause.fix if cause else Fix(description="Read the failing pod's logs and fix the job's command or input.",
                                            commands=[f"kubectl logs job/{name} {ns_flag(ns)}"]),
            confidence=cause.confidence if cause else 0.6, related=[pod_ref(p) for p in pods],
        )

    def _cronjob_finding(
        self, state: ClusterState, index: PodIndex, ns: str, name: str, jobs: list[Obj]
    ) -> Finding | None:
        jobs = sorted(jobs, key=_created)
        finished = [j for j in jobs if failed_condition(j) or (j.get("status") or {}).get("succeeded")]
        if not finished or not failed_condition(finished[-1]):
            return None
        streak = 0
        for job in reversed(finished):
            if not failed_condition(job):
                break
            streak += 1
        latest = finished[-1]
        owner = ObjectRef(kind="CronJob", name=name, namespace=ns)
        cronjob = state.get("CronJob", ns, name) or {}
        schedule = (cronjob.get("spec") or {}).get("schedule", "?")
        last_success = (cronjob.get("status") or {}).get("lastSuccessfulTime")
        cause, pods, status_evidence = self._pod_cause(state, index, latest, owner)
        evidence = [
            Evidence(
                source="status",
                text=f"CronJob {name} schedule {schedule!r}, lastScheduleTime "
                f"{(cronjob.get('status') or {}).get('lastScheduleTime', '?')}, "
                f"lastSuccessfulTime {last_success or 'never'}",
            ),
            Evidence(
                source="status",
                text=f"last {streak} of {len(finished)} finished Jobs failed; latest: {name_of(latest)}",
            ),
            *status_evidence,
        ]
        detail = cause.root_cause if cause else "its pods are gone, so the cause cannot be read from logs."
        root = (
            f"The CronJob {name} keeps failing: its last {streak} run(s) failed (latest Job {name_of(latest)}, "
            f"{(failed_condition(latest) or {}).get('reason', 'Failed')}). {detail}"
        )
        if cause:
            evidence += cause.evidence
        commands = (cause.fix.commands if cause else []) + [
            f"kubectl create job {name}-manual-$(date +%s) --from=cronjob/{name} {ns_flag(ns)}"
        ]
        fix = Fix(
            description=(cause.fix.description if cause else "Read the failed Job's pod logs.")
            + " Then trigger a run by hand to check it.",
            commands=commands,
            patch=cause.fix.patch if cause else None,
        )
        return Finding(
            analyzer=self.name,
            object=owner,
            severity=Severity.CRITICAL if streak > 1 else Severity.WARNING,
            symptom=f"CronJob {name}: the last {streak} Job(s) failed, last success {last_success or 'never'}",
            root_cause=root,
            evidence=evidence,
            fix=fix,
            confidence=cause.confidence if cause else 0.4,
            related=[ObjectRef(kind="Job", name=name_of(latest), namespace=ns)] + [pod_ref(p) for p in pods],
        )
