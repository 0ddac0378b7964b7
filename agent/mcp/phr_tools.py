"""PHR queries as tools, so MCP clients can read the audit trail."""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, Field

from agent.tooling.base import Tool, ToolContext, ToolResult


class PhrListArgs(BaseModel):
    stage: str | None = Field(default=None, description="Only records of this stage (troubleshoot, generate, ...)")
    limit: int = Field(default=20, ge=1, le=200, description="The newest N records")


class PhrListTool(Tool):
    name: ClassVar[str] = "phr_list"
    description: ClassVar[str] = "List the newest Prompt History Records: id, date, stage, surface, title."
    Args: ClassVar[type[BaseModel]] = PhrListArgs

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        from agent.phr.query import RecordFilter, load_records

        assert isinstance(args, PhrListArgs)
        records = load_records(ctx.settings.phr_dir, RecordFilter(stage=args.stage))[-args.limit:]
        if not records:
            return ToolResult.no_data(f"no PHRs in {ctx.settings.phr_dir}")
        rows = [f"{r.id:04d} {r.front_matter.get('date')} {r.front_matter.get('stage')} "
                f"{r.front_matter.get('surface')} {r.front_matter.get('title')}" for r in records]
        return ToolResult.ok("\n".join(rows), data={"ids": [r.id for r in records]})


class PhrShowArgs(BaseModel):
    id: int = Field(description="The record id (from phr_list)")


class PhrShowTool(Tool):
    name: ClassVar[str] = "phr_show"
    description: ClassVar[str] = "Show one Prompt History Record as written."
    Args: ClassVar[type[BaseModel]] = PhrShowArgs

    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult:
        from agent.phr.query import find_record

        assert isinstance(args, PhrShowArgs)
        return ToolResult.ok(find_record(ctx.settings.phr_dir, args.id).read_text(encoding="utf-8"))
