"""The plan as text, for `agent generate --plan`."""

from __future__ import annotations

from agent.generation.models import AppPlan, ServicePlan


def _mark(svc: ServicePlan, field: str) -> str:
    level = svc.confidence.get(field, "")
    return f"   [{level}]" if level in ("guessed", "unknown") else ""


def plan_text(plan: AppPlan) -> str:
    lines = [f"app {plan.name} {plan.version}: {len(plan.services)} service(s) (source {plan.source_dir})"]
    for path, why in plan.skipped.items():
        lines.append(f"skipped     {path}/  ({why}; deploy it with --include {path})")
    for svc in plan.services:
        version = f" {svc.framework_version}" if svc.framework_version else ""
        lines += [
            "",
            f"{svc.name}  [{svc.kind.value}]  {svc.framework.value}{version}  ({svc.path}/)",
            f"  runtime     {svc.language} {svc.language_version}, {svc.package_manager}"
            + (f" with {svc.lock_file}" if svc.lock_file else ""),
            f"  port        {svc.port or '?'}   <- {svc.sources.get('port', '')}{_mark(svc, 'port')}",
            f"  health      {svc.health_path}   <- {svc.sources.get('health_path', '')}{_mark(svc, 'health_path')}",
            f"  readiness   {svc.readiness_path}   <- {svc.sources.get('readiness_path', '')}"
            f"{_mark(svc, 'readiness_path')}",
            f"  start       {' '.join(svc.start_command) or '?'}   <- {svc.sources.get('start_command', '')}"
            f"{_mark(svc, 'start_command')}",
        ]
        if svc.workdir:
            lines.append(f"  workdir     {svc.workdir}/ (PYTHONPATH)   <- {svc.sources.get('workdir', '')}")
        for step in svc.release_commands:
            lines.append(f"  release     {step}")
        for worker in svc.workers:
            lines.append(f"  worker      {worker.name}: {worker.command}   <- {worker.source}")
        if svc.build_command:
            lines.append(f"  build       npm {svc.build_command}")
        if svc.nextjs_router:
            lines.append(f"  next.js     {svc.nextjs_router} router, "
                         + ("standalone output" if svc.nextjs_standalone else "not standalone (next start)"))
        for var in svc.env:
            extra = " (build time)" if var.build_time else ""
            lines.append(f"  env         {var.name:<28} {var.kind.value}{extra}   <- {var.source}")
        for call in svc.calls:
            lines.append(f"  calls       {call.target} via {call.env}")
        for warning in svc.warnings:
            lines.append(f"  warning     {warning}")
    return "\n".join(lines) + "\n"


def guesses_text(plan: AppPlan) -> str:
    """Every value the plan guessed or could not tell, one line each (printed at the end of a run)."""
    lines = [f"guessed     {svc.name}.{field.removesuffix('_command')} = "
             f"{' '.join(getattr(svc, field)) if isinstance(getattr(svc, field), list) else getattr(svc, field)}"
             f"   ({svc.sources.get(field, 'unknown')}; confirm with --set {svc.name}."
             f"{'start' if field == 'start_command' else field}=...)"
             for svc in plan.services for field in svc.guesses]
    return "\n".join(lines) + ("\n" if lines else "")
