"""The shape of a failure-signature file, checked when the knowledge base loads.

One YAML file per family (`signatures/<family>.yaml`) holds a `family` name and a list of
signatures. Everything a signature says about a failure is data: what it matches, the captures
its regex names, the cause and fix as `str.format` templates over those captures, and the
example lines that prove it. This module is imported only when the knowledge base is first used.
"""

from __future__ import annotations

import re
import string
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

#: Where an evidence line came from. `condition` is a Pod/Node/PVC condition message.
STATES = ("waiting", "terminated", "event", "log", "error", "condition")

#: Names a caller may supply as context; templates may use them without a capture.
CONTEXT_NAMES = frozenset({"pod", "workload", "container", "namespace", "node", "kind"})

#: Captures the matcher adds itself: the reason/exit code it matched on, the image's registry.
DERIVED_NAMES = frozenset({"reason", "exit_code", "registry"})

_ID = re.compile(r"^[a-z0-9][a-z0-9-]*\.[a-z0-9][a-z0-9.-]*$")
_GROUP_NAME = re.compile(r"(?<!\\)\(\?P<(\w+)>")
_FORMATTER = string.Formatter()


def template_fields(template: str) -> set[str]:
    """The field names a `str.format` template uses; a ValueError explains a malformed one."""
    names: set[str] = set()
    try:
        parsed = list(_FORMATTER.parse(template))
    except ValueError as exc:  # a lone { or }
        raise ValueError(f"bad template {template!r}: {exc} (write literal braces as {{{{ and }}}})") from None
    for _literal, field, spec, conversion in parsed:
        if field is None:
            continue
        if not field.isidentifier():
            raise ValueError(
                f"bad template field {{{field}}} in {template!r}: fields are plain capture names;"
                " write literal braces (jsonpath, Go templates) as {{ and }}"
            )
        if spec or conversion:
            raise ValueError(f"template field {{{field}}} in {template!r} must not carry a format spec or conversion")
        names.add(field)
    return names


class Example(BaseModel):
    """An example line with the context a caller would pass along with it."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    text: str = ""
    reason: str | None = None
    exit_code: int | None = None
    state: Literal[STATES] | None = None  # type: ignore[valid-type]


ExampleItem = str | Example


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    match: list[ExampleItem] = Field(min_length=1)
    no_match: list[ExampleItem] = Field(default_factory=list)


class Match(BaseModel):
    """What a signature matches. Every key present must hold; at least one key is required."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    reason: list[str] | None = None
    message: list[str] | None = None  # one regex, or alternatives for wordings across versions/runtimes
    exit_code: list[int] | None = None
    state: list[Literal[STATES]] | None = None  # type: ignore[valid-type]

    @field_validator("reason", "state", "exit_code", "message", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return [value]
        return value

    @field_validator("message")
    @classmethod
    def _compiles(cls, value: list[str] | None, info: ValidationInfo) -> list[str] | None:
        # compiling ~370 patterns is the largest part of a load, so the runtime compiles lazily and
        # only `load_dir(check_regexes=True)` (the tests, `agent doctor`-style checks) compiles here
        if not (info.context or {}).get("check_regexes"):
            return value
        for pattern in value or ():
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"message regex does not compile: {exc} in {pattern!r}") from None
        return value

    @model_validator(mode="after")
    def _something_to_match(self) -> "Match":
        if self.message is None and self.reason is None and self.exit_code is None:
            raise ValueError("match needs at least one of message, reason, exit_code (state alone matches everything)")
        return self

    def group_names(self) -> set[str]:
        return {name for pattern in self.message or () for name in _GROUP_NAME.findall(pattern)}


class Signature(BaseModel):
    """One known failure: how to recognise it, what it means, how to fix it, and proof."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: str
    family: str = ""  # filled from the file's `family`
    title: str = Field(min_length=3)
    match: Match
    captures_defaults: dict[str, str] = Field(default_factory=dict)
    severity: Literal["critical", "warning", "info"]
    confidence: float = Field(ge=0.0, le=1.0)
    fallback: bool = False  # a family's generic catch-all: dropped when a specific one of the family matched
    refines: list[str] = Field(default_factory=list)  # ids this one says more than: they are dropped when both match a line
    cause: str = Field(min_length=10)
    fix: list[str] = Field(min_length=1)
    evidence_needed: str | None = None
    docs: str
    examples: Examples

    @field_validator("id")
    @classmethod
    def _id_shape(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"id {value!r} must look like '<family>.<slug>' in lowercase, digits and dashes")
        return value

    @field_validator("docs")
    @classmethod
    def _docs_link(cls, value: str) -> str:
        if not value.startswith("https://"):
            raise ValueError(f"docs must be an https:// link, got {value!r}")
        return value

    @model_validator(mode="after")
    def _templates_use_known_names(self) -> "Signature":
        known = self.match.group_names() | set(self.captures_defaults) | CONTEXT_NAMES | DERIVED_NAMES
        templates = [("cause", self.cause), *((f"fix[{i}]", f) for i, f in enumerate(self.fix))]
        if self.evidence_needed:
            templates.append(("evidence_needed", self.evidence_needed))
        for where, template in templates:
            unknown = template_fields(template) - known
            if unknown:
                raise ValueError(
                    f"{where} uses {sorted(unknown)}, which is neither a named group of match.message,"
                    f" a captures_defaults key, nor a context name ({', '.join(sorted(CONTEXT_NAMES))})"
                )
        return self


class SignatureFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    family: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    signatures: list[Signature] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids_in_family(self) -> "SignatureFile":
        for sig in self.signatures:
            if not sig.id.startswith(self.family + "."):
                raise ValueError(f"signature {sig.id!r} must be prefixed with its family: '{self.family}.'")
        return self
