"""The plan as text, for `agent generate --plan`."""

from __future__ import annotations

from agent.generation.models import AppPlan


def plan_text(plan: AppPlan) -> str:
    lines = [f"app {plan.name} {plan.version}: {len(plan.services)} service(s) (source {plan.source_dir})"]
    for svc in plan.services:
        version = f" {svc.framework_version}" if svc.framework_version else ""
        lines += [
            "",
            f"{svc.name}  [{svc.kind.value}]  {svc.framework.value}{version}  ({svc.path}/)",
            f"  runtime     {svc.language} {svc.language_version}, {svc.package_manager}"
            + (f" with {svc.lock_file}" if svc.lock_file else ""),
            f"  port        {svc.port}   <- {svc.sources.get('port', '')}",
            f"  health      {svc.health_path}   <- {svc.sources.get('health_path', '')}",
            f"  readiness   {svc.readiness_path}   <- {svc.sources.get('readiness_path', '')}",
            f"  start       {' '.join(svc.start_command)}",
        ]
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
    return "\n".join(lines) + "\n"
