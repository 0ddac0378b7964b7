"""The CronJob schedule syntax the Kubernetes controller accepts (standard 5-field cron, names, steps, ranges,
`@hourly`-style macros, `@every DURATION`, and the `CRON_TZ=`/`TZ=` prefix it discourages), and whether a valid
schedule can ever fire. `problem(schedule)` names the first error a person can act on, or None."""

from __future__ import annotations

import re
from dataclasses import dataclass

MACROS = {"@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *", "@weekly": "0 0 * * 0",
          "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *"}
MONTHS = {m: i for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov",
                                       "dec"), 1)}
DAYS = {d: i for i, d in enumerate(("sun", "mon", "tue", "wed", "thu", "fri", "sat"))}
FIELDS = (("minute", 0, 59, {}), ("hour", 0, 23, {}), ("day of month", 1, 31, {}), ("month", 1, 12, MONTHS),
          ("day of week", 0, 6, DAYS))
DAYS_IN_MONTH = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}
_DURATION = re.compile(r"^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$")


@dataclass(frozen=True)
class Schedule:
    text: str
    timezone_prefix: str | None = None  # CRON_TZ=Europe/Paris or TZ=...
    error: str | None = None
    never_fires: str | None = None


def parse(schedule: str) -> Schedule:
    text = " ".join((schedule or "").split())
    prefix = None
    if text.startswith(("CRON_TZ=", "TZ=")):
        prefix, _, text = text.partition(" ")
    if not text:
        return Schedule(schedule, prefix, "the schedule is empty")
    if text.startswith("@"):
        if text.startswith("@every "):
            duration = text[len("@every "):].strip()
            return Schedule(schedule, prefix, None if _DURATION.match(duration) else
                            f"'@every {duration}' is not a duration (write e.g. @every 1h30m)")
        if text.lower() not in MACROS:
            return Schedule(schedule, prefix, f"{text} is not a known macro (use one of {', '.join(MACROS)})")
        text = MACROS[text.lower()]
    fields = text.split(" ")
    if len(fields) != 5:
        return Schedule(schedule, prefix, f"expected 5 fields (minute hour day-of-month month day-of-week), got "
                                          f"{len(fields)}" + (" (seconds are not supported)" if len(fields) == 6 else ""))
    values: list[set[int]] = []
    for field, (label, low, high, names) in zip(fields, FIELDS):
        parsed = _field(field, label, low, high, names)
        if isinstance(parsed, str):
            return Schedule(schedule, prefix, parsed)
        values.append(parsed)
    return Schedule(schedule, prefix, None, _never(fields, values))


def _value(token: str, label: str, low: int, high: int, names: dict[str, int]) -> int | str:
    if token.lower() in names:
        return names[token.lower()]
    if not token.isdigit():
        return f"{token!r} is not a valid {label}"
    number = int(token)
    if not low <= number <= high:
        return f"{label} {number} is out of range {low}-{high}"
    return number


def _field(field: str, label: str, low: int, high: int, names: dict[str, int]) -> set[int] | str:
    out: set[int] = set()
    for part in field.split(","):
        base, _, step_text = part.partition("/")
        step = 1
        if step_text:
            if not step_text.isdigit() or int(step_text) == 0:
                return f"step {step_text!r} in the {label} field must be a positive number"
            step = int(step_text)
        if base in ("*", "?"):
            start, end = low, high
        elif "-" in base:
            a, _, b = base.partition("-")
            start_v, end_v = _value(a, label, low, high, names), _value(b, label, low, high, names)
            if isinstance(start_v, str):
                return start_v
            if isinstance(end_v, str):
                return end_v
            if start_v > end_v:
                return f"range {base} in the {label} field runs backwards"
            start, end = start_v, end_v
        else:
            v = _value(base, label, low, high, names)
            if isinstance(v, str):
                return v
            start, end = v, (high if step_text else v)
        out.update(range(start, end + 1, step))
    return out


def _never(fields: list[str], values: list[set[int]]) -> str | None:
    """A schedule whose days of month never occur in its months (30 February), when day of week is unrestricted."""
    dom_field, dow_field = fields[2], fields[4]
    if dom_field in ("*", "?") or dow_field not in ("*", "?"):
        return None
    days, months = values[2], values[3]
    if any(day <= DAYS_IN_MONTH[month] for day in days for month in months):
        return None
    return (f"day of month {dom_field} never occurs in month {fields[3]}, so the schedule never fires")


def problem(schedule: str) -> str | None:
    parsed = parse(schedule)
    return parsed.error or parsed.never_fires
