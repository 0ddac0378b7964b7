"""Load and validate the real-world cases in tests/wild/cases/<family>/<slug>.yaml (format: WILD_FORMAT)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

CASES_DIR = Path(__file__).resolve().parent / "cases"

FAMILIES = (
    "image-pull", "arch-mismatch", "scheduling", "storage", "volume-permissions", "oom-resources", "eviction",
    "probes", "crash-exit-codes", "config-env", "dns-network", "cni-sandbox", "rbac", "admission-quota", "jobs",
    "init-containers", "app-errors", "tool-errors",
)
MAX_PER_FAMILY = 15
SourceKind = Literal["github-issue", "stackoverflow", "serverfault", "k8s-forum", "other"]


class CaseError(ValueError):
    """A case file that does not follow the format; the message names the file and what to fix."""


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    text: str = Field(min_length=1)

    @field_validator("name")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        if "/" in value or "\\" in value or value.startswith("."):
            raise ValueError(f"file name {value!r} must be a plain file name (no directories, no leading dot)")
        return value


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    family: str
    source: str
    source_kind: SourceKind
    question: str = Field(min_length=3)
    files: list[CaseFile] = Field(min_length=1)
    namespace: str | None = None
    root_cause: str = Field(min_length=10)
    expect: list[str] = Field(min_length=1)
    inferred: list[int] = Field(min_length=1)

    @field_validator("family")
    @classmethod
    def _known_family(cls, value: str) -> str:
        if value not in FAMILIES:
            raise ValueError(f"family {value!r} is not one of: {', '.join(FAMILIES)}")
        return value

    @field_validator("source")
    @classmethod
    def _https(cls, value: str) -> str:
        if not re.match(r"https://[^\s/]+\.[^\s/]+/\S*$", value):
            raise ValueError(f"source {value!r} must be the https URL of the thread the output was pasted in")
        return value

    @field_validator("expect")
    @classmethod
    def _regexes_compile(cls, value: list[str]) -> list[str]:
        for pattern in value:
            try:
                re.compile(pattern, re.IGNORECASE)
            except re.error as exc:
                raise ValueError(f"expect regex {pattern!r} does not compile: {exc}") from exc
        return value

    @model_validator(mode="after")
    def _consistent(self) -> "Case":
        family, _, slug = self.id.partition("/")
        if family != self.family or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug):
            raise ValueError(f"id {self.id!r} must be '{self.family}/<slug>' with a lower-case, dash-separated slug")
        bad = [i for i in self.inferred if not 0 <= i < len(self.expect)]
        if bad:
            raise ValueError(f"inferred indexes {bad} are outside expect (0..{len(self.expect) - 1})")
        if len(set(f.name for f in self.files)) != len(self.files):
            raise ValueError("two attached files have the same name")
        return self

    @property
    def slug(self) -> str:
        return self.id.partition("/")[2]

    @property
    def input_text(self) -> str:
        """What the user pasted: every attached file (inferred regexes must not match it; echoing it must fail)."""
        return "\n".join(f.text for f in self.files)

    def matches(self, answer: str) -> list[bool]:
        return [re.search(p, answer, re.IGNORECASE) is not None for p in self.expect]

    def passes(self, answer: str) -> bool:
        return all(self.matches(answer))


def load_case(path: Path) -> Case:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CaseError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise CaseError(f"{path}: a case is a YAML mapping with id, family, source, ... (see tests/wild/README.md)")
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        raise CaseError(f"{path}: {exc}") from exc
    if path.parent.name != case.family or path.stem != case.slug:
        raise CaseError(f"{path}: must live at cases/{case.family}/{case.slug}.yaml to match its id {case.id!r}")
    return case


def load_cases(root: Path = CASES_DIR) -> list[Case]:
    """Every case under root, sorted by id; raises CaseError naming the file for any bad or duplicate case."""
    cases: list[Case] = []
    seen: dict[str, Path] = {}
    for path in sorted(root.glob("*/*.yaml")):
        case = load_case(path)
        if case.id in seen:
            raise CaseError(f"{path}: id {case.id!r} is already used by {seen[case.id]}")
        seen[case.id] = path
        cases.append(case)
    return cases
