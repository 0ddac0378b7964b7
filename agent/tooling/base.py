"""The tool protocol shared by the agent loop, the TUI and the MCP server.

A tool declares its arguments as a pydantic model (that model is the JSON schema
the LLM sees), runs with validated arguments, and says whether a given call
modifies anything. `modifies` is decided by static analysis of the arguments,
never by what a model claims.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel, Field

MAX_OUTPUT_CHARS = 12_000


class Modifies(str, Enum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


class ToolStatus(str, Enum):
    OK = "ok"
    ERROR = "error"
    NO_DATA = "no_data"
    NEEDS_APPROVAL = "needs_approval"
    REFUSED = "refused"


class Artifact(BaseModel):
    """A file or document a tool produced (a manifest, a Dockerfile, a diff)."""

    name: str
    content: str
    media_type: str = "text/plain"


class ToolResult(BaseModel):
    status: ToolStatus
    output: str = ""
    truncated: bool = False
    artifacts: list[Artifact] = Field(default_factory=list)
    data: dict[str, Any] | None = None

    @classmethod
    def ok(cls, output: str, **kw: Any) -> "ToolResult":
        return cls(status=ToolStatus.OK, output=output, **kw)

    @classmethod
    def error(cls, output: str, **kw: Any) -> "ToolResult":
        return cls(status=ToolStatus.ERROR, output=output, **kw)

    @classmethod
    def no_data(cls, output: str, **kw: Any) -> "ToolResult":
        return cls(status=ToolStatus.NO_DATA, output=output, **kw)

    def truncated_to(self, limit: int = MAX_OUTPUT_CHARS) -> "ToolResult":
        """A copy whose output fits `limit` characters (head and tail kept)."""
        if len(self.output) <= limit:
            return self
        head = self.output[: limit * 2 // 3]
        tail = self.output[-(limit // 3) :]
        dropped = len(self.output) - len(head) - len(tail)
        text = f"{head}\n... [{dropped} characters truncated] ...\n{tail}"
        return self.model_copy(update={"output": text, "truncated": True})


@dataclass
class ToolContext:
    """What a tool may use while it runs. Built once per session."""

    settings: Any = None  # agent.config.Settings
    workdir: Path = field(default_factory=Path.cwd)
    cluster: Any = None  # agent.diagnosis.sources.base.ClusterSource, created lazily by callers
    extras: dict[str, Any] = field(default_factory=dict)


class Tool(ABC):
    name: ClassVar[str]
    description: ClassVar[str]
    Args: ClassVar[type[BaseModel]]

    @abstractmethod
    def run(self, args: BaseModel, ctx: ToolContext) -> ToolResult: ...

    def modifies(self, args: BaseModel) -> Modifies:
        return Modifies.NO

    def classification(self, args: BaseModel) -> Any:
        """The static reading of a command this call runs (`agent.safety.CommandClass`: what it touches, the
        name to type back), for tools that run command lines; None for the others."""
        return None

    def approval_details(self, args: BaseModel) -> dict[str, Any]:
        """More for the approval question (`ApprovalRequest` fields: the diff it would make, its blast radius, a
        name to type back) from tools that know them without a command line to classify; empty for most."""
        return {}

    def describe_call(self, args: BaseModel) -> str:
        """One line for approval prompts and PHRs: what exactly would run."""
        import json

        from agent.redact import redact_obj

        # redacted as data: a secret inside a JSON-escaped string is not recognisable as text
        return f"{self.name}({json.dumps(redact_obj(args.model_dump(mode='json')), separators=(',', ':'))})"

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        return cls.Args.model_json_schema()

    def parse_args(self, raw: dict[str, Any] | str) -> BaseModel:
        if isinstance(raw, str):
            return self.Args.model_validate_json(raw or "{}")
        return self.Args.model_validate(raw)
