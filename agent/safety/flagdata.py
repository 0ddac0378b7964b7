"""The flag tables of kubectl, helm and docker (agent/data/safety/*.yaml), validated and turned into `FlagSpec`s."""

from __future__ import annotations

from enum import Enum
from functools import lru_cache
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from agent.safety.flags import FlagSpec, ParsedArgs

_DATA = Path(__file__).resolve().parents[1] / "data" / "safety"


class Capability(str, Enum):
    API_WRITE = "api-write"  # changes objects behind an API (cluster, registry, Docker daemon)
    LOCAL_WRITE = "local-write"  # writes local files
    RUNS_PROGRAM = "runs-program"  # starts another program, whose effects cannot be checked


class FlagSet(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: list[str] = Field(default_factory=list)
    boolean: list[str] = Field(default_factory=list)
    optional_value: list[str] = Field(default_factory=list)  # cobra NoOptDefVal: `--dry-run` or `--dry-run=server`
    short: dict[str, str] = Field(default_factory=dict)


class CapabilityRule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    verb: str  # "*" or the verb path, "cluster-info dump"
    flag: str
    capability: Capability
    reason: str
    unless_value: list[str] = Field(default_factory=list)


class ProgramFlags(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)
    program: str
    normalize_underscores: bool
    global_: FlagSet = Field(alias="global")
    command: FlagSet
    verbs: dict[str, FlagSet] = Field(default_factory=dict)
    capabilities: list[CapabilityRule] = Field(default_factory=list)

    def root(self) -> FlagSpec:
        """The global flags only: what the command finder knows before the verb."""
        g = self.global_
        return FlagSpec(frozenset(g.value), {f"-{k}": v for k, v in g.short.items()},
                        frozenset(g.boolean) | frozenset(g.optional_value), self.normalize_underscores)

    def spec(self, verb: str = "") -> FlagSpec:
        """Every flag the verb accepts (globals, the shared command flags, the verb's own overrides)."""
        return _spec(self, verb)

    def capability(self, verb: str, parsed: ParsedArgs) -> CapabilityRule | None:
        for rule in self.capabilities:
            if rule.verb not in ("*", verb) or not parsed.has(rule.flag):
                continue
            if rule.unless_value and parsed.last(rule.flag) in rule.unless_value:
                continue
            return rule
        return None


@lru_cache(maxsize=None)
def _spec_cached(program: str, verb: str) -> FlagSpec:
    flags = program_flags(program)
    g, c = flags.global_, flags.command
    value = set(g.value) | set(c.value)
    boolean = set(g.boolean) | set(c.boolean) | set(g.optional_value) | set(c.optional_value)
    short = {**{f"-{k}": v for k, v in c.short.items()}, **{f"-{k}": v for k, v in g.short.items()}}
    override = flags.verbs.get(verb)
    if override:
        value = (value - set(override.boolean) - set(override.optional_value)) | set(override.value)
        boolean = (boolean - set(override.value)) | set(override.boolean) | set(override.optional_value)
        short.update({f"-{k}": v for k, v in override.short.items()})
    return FlagSpec(frozenset(value), short, frozenset(boolean), flags.normalize_underscores)


def _spec(flags: ProgramFlags, verb: str) -> FlagSpec:
    return _spec_cached(flags.program, verb)


@lru_cache(maxsize=None)
def program_flags(program: str) -> ProgramFlags:
    path = _DATA / f"{program}.yaml"
    return ProgramFlags.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
