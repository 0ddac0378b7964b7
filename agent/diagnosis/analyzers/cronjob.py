"""CronJob specs that never run as meant: a schedule the controller cannot parse or that never fires, an unknown
timeZone or a `CRON_TZ=` prefix in the schedule, a negative or too small startingDeadlineSeconds. `suspend: true`
is a deliberate setting and only reported as information. Failing runs are the `jobs` analyzer's concern."""

from __future__ import annotations

import zoneinfo
from functools import lru_cache

from agent.diagnosis.analyzers._cron import parse
from agent.diagnosis.analyzers._workloads import kubectl_ns, ref
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, Severity
from agent.diagnosis.state import ClusterState, Obj, name_of, namespace_of

CONTROLLER_PERIOD = 10  # seconds: how often the CronJob controller checks schedules (documented lower bound)


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _patch(name: str, ns: str | None, body: str) -> str:
    return f"kubectl patch cronjob {name}{kubectl_ns(ns)} --type merge -p '{body}'"


@register
class CronJobSpecAnalyzer(Analyzer):
    name = "cronjob"
    kinds = ("CronJob",)
    keywords = ("cronjob", "cron", "schedule", "scheduled", "timezone", "time zone", "suspend", "suspended",
                "startingdeadlineseconds", "deadline", "never runs", "not running")

    def analyze(self, state: ClusterState) -> list[Finding]:
        findings = []
        for cj in state.of_kind("CronJob"):
            findings.extend(self._check(cj))
        return findings

    def _check(self, cj: Obj) -> list[Finding]:
        ns, name = namespace_of(cj), name_of(cj)
        spec = cj.get("spec") or {}
        schedule = spec.get("schedule", "")
        parsed = parse(schedule)
        out = []
        shown = Evidence(source="spec", text=f"schedule: {schedule!r}" + (f", timeZone: {spec['timeZone']}"
                                                                          if spec.get("timeZone") else ""))
        if parsed.error:
            out.append(self._finding(cj, Severity.CRITICAL, f"CronJob {name} never creates Jobs",
                                     f"the schedule {schedule!r} of CronJob {name} is not valid cron syntax: "
                                     f"{parsed.error}, so the controller cannot schedule it",
                                     [shown], Fix(description="Write a 5-field schedule (minute hour day-of-month month "
                                                              "day-of-week) or a macro such as @hourly or @daily.",
                                                  commands=[_patch(name, ns, '{"spec":{"schedule":"0 * * * *"}}')]), 0.95))
        elif parsed.never_fires:
            out.append(self._finding(cj, Severity.WARNING, f"CronJob {name} never runs",
                                     f"the schedule {schedule!r} of CronJob {name} is valid but {parsed.never_fires}",
                                     [shown], Fix(description="Pick days of month that exist in the chosen months "
                                                              "(e.g. the last day: run on day 1 and look back).",
                                                  commands=[f"kubectl edit cronjob {name}{kubectl_ns(ns)}"]), 0.9))
        if parsed.timezone_prefix:
            zone = parsed.timezone_prefix.split("=", 1)[1]
            rest = schedule.split(" ", 1)[1] if " " in schedule else ""
            out.append(self._finding(cj, Severity.WARNING, f"CronJob {name} puts its time zone in the schedule",
                                     f"CronJob {name} sets the time zone with {parsed.timezone_prefix.split('=')[0]}= "
                                     "inside the schedule, which Kubernetes does not support (rejected on create "
                                     "since 1.27); the spec.timeZone field is the supported way",
                                     [shown], Fix(description=f"Move the zone to spec.timeZone: {zone}.",
                                                  commands=[_patch(name, ns, '{"spec":{"schedule":"%s","timeZone":"%s"}}'
                                                                   % (rest, zone))]), 0.85))
        zone = spec.get("timeZone")
        if zone and zone not in _zones():
            out.append(self._finding(cj, Severity.CRITICAL, f"CronJob {name} has an unknown time zone",
                                     f"CronJob {name} sets timeZone {zone!r}, which is not an IANA time zone name, so "
                                     "the controller cannot compute its schedule",
                                     [shown], Fix(description="Use an IANA name such as Etc/UTC or Europe/Berlin.",
                                                  commands=[_patch(name, ns, '{"spec":{"timeZone":"Etc/UTC"}}')]), 0.9))
        deadline = spec.get("startingDeadlineSeconds")
        if isinstance(deadline, int) and deadline < CONTROLLER_PERIOD:
            negative = deadline < 0
            root = (f"CronJob {name} has startingDeadlineSeconds {deadline}: "
                    + ("a negative deadline is invalid, every scheduled run counts as missed"
                       if negative else f"the controller checks schedules every {CONTROLLER_PERIOD} s, so a deadline "
                                        "this short makes it skip runs it notices late"))
            out.append(self._finding(cj, Severity.CRITICAL if negative else Severity.WARNING,
                                     f"CronJob {name} misses scheduled runs", root,
                                     [Evidence(source="spec", text=f"startingDeadlineSeconds: {deadline}")],
                                     Fix(description="Remove startingDeadlineSeconds or set it to at least a minute.",
                                         commands=[_patch(name, ns, '{"spec":{"startingDeadlineSeconds":120}}')]), 0.9))
        if spec.get("suspend"):
            out.append(self._finding(cj, Severity.INFO, f"CronJob {name} is suspended",
                                     f"CronJob {name} is suspended (spec.suspend: true), a deliberate setting: it "
                                     "creates no Jobs until resumed",
                                     [Evidence(source="spec", text="suspend: true")],
                                     Fix(description="Nothing to fix if intended; resume it to run again.",
                                         commands=[_patch(name, ns, '{"spec":{"suspend":false}}')]), 0.9))
        return out

    def _finding(self, cj: Obj, severity: Severity, symptom: str, root: str, evidence: list[Evidence], fix: Fix,
                 confidence: float) -> Finding:
        return Finding(analyzer=self.name, object=ref(cj), severity=severity, symptom=symptom, root_cause=root,
                       evidence=evidence, fix=fix, confidence=confidence)
