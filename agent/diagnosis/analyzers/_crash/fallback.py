"""When no matcher recognises the output: quote the last error lines, or infer from the exit code."""

from __future__ import annotations

import re

from agent.diagnosis.analyzers._crash.context import Cause, CrashContext
from agent.diagnosis.analyzers._pods import exit_code_meaning, last_error_lines, ns_flag
from agent.diagnosis.models import Evidence, Fix


def generic_cause(ctx: CrashContext) -> Cause:
    code = ctx.exit_code
    meaning = exit_code_meaning(code)
    status = (f"exit code {code}" if code is not None else "an exit code the input does not show") + (
        f" ({ctx.reason})" if ctx.reason else "")
    if ctx.text.strip():
        lines = last_error_lines(ctx.text)
        source = ctx.log.source if ctx.log else "status (termination message)"
        quoted = " | ".join(lines)
        root = f"The {ctx.who()} exits with {status}: {meaning}. Its last output: {quoted}"
        normal = re.sub(r"\d+", "N", lines[-1])[:120] if lines else ""
        return Cause(
            f"generic:{code}:{normal}",
            root,
            [Evidence(source=source, text=ln) for ln in lines],
            Fix(
                description="Fix the error the application reports in its last output above.",
                commands=[
                    f"kubectl logs {ctx.view.pod_name} {ns_flag(ctx.ns)} -c {ctx.view.name}"
                    + (" --previous" if ctx.log and ctx.log.previous else "")
                ],
            ),
            0.55,
        )
    root = (
        f"The {ctx.who()} exits with {status}: {meaning}. No logs were captured, so the cause is inferred "
        "from the exit code and events only."
        if code is not None else
        f"The {ctx.who()} keeps exiting, with {status}; no logs were given, so why it exits is not known yet "
        f"(its last output and exit code settle it: kubectl logs {ctx.view.pod_name} {ns_flag(ctx.ns)} --previous)."
    )
    return Cause(
        f"exit:{code}",
        root,
        [],
        Fix(
            description="Read the previous container's logs to see why it exits.",
            commands=[
                f"kubectl logs {ctx.view.pod_name} {ns_flag(ctx.ns)} -c {ctx.view.name} --previous",
                f"kubectl describe pod {ctx.view.pod_name} {ns_flag(ctx.ns)}",
            ],
        ),
        0.35,
    )
