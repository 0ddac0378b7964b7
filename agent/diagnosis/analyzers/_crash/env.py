"""Missing environment variables, linked to the Secret/ConfigMap that should provide them."""

from __future__ import annotations

import json
import re

from agent.diagnosis.analyzers._crash.context import Cause, CrashContext
from agent.diagnosis.analyzers._pods import ns_flag, rollout_restart, secret_keys, workload_arg
from agent.diagnosis.models import Evidence, Fix

_ENV_PATTERNS = [
    re.compile(r"KeyError: '([A-Z][A-Z0-9_]{2,})'"),
    re.compile(r"[Mm]issing required environment variables?:?\s*['\"]?([A-Z][A-Z0-9_]{2,})"),
    re.compile(
        r"[Ee]nvironment variable ['\"]?([A-Z][A-Z0-9_]{2,})['\"]? (?:is )?(?:not set|missing|required|undefined|empty)"
    ),
    re.compile(
        r"\b([A-Z][A-Z0-9_]{2,})(?: environment variable)? (?:is not set|is not defined|must be set|is required|is missing)"
    ),
    re.compile(r"required key ([A-Z][A-Z0-9_]{2,}) missing value"),
]
_PYDANTIC_HEADER = re.compile(r"validation errors? for \w+")


def find_missing_env(text: str) -> tuple[list[str], str]:
    """Names of env vars the output says are missing, and the line that says so."""
    found: list[str] = []
    first = ""
    for pattern in _ENV_PATTERNS:
        for match in pattern.finditer(text):
            if match.group(1) not in found:
                found.append(match.group(1))
                first = first or match.group(0)
    if _PYDANTIC_HEADER.search(text):
        lines = text.splitlines()
        for i, line in enumerate(lines[:-1]):
            if line and not line[0].isspace() and lines[i + 1].strip().startswith("Field required"):
                name = line.strip().upper()
                if re.fullmatch(r"[A-Z][A-Z0-9_]*", name) and name not in found:
                    found.append(name)
                    first = first or _PYDANTIC_HEADER.search(text).group(0)
    return found, first


def missing_env(ctx: CrashContext) -> Cause | None:
    names, line = find_missing_env(ctx.text)
    if not names:
        return None
    why, fix_desc, commands, spec_evidence = _env_origin(ctx, names)
    listed = ", ".join(names)
    subject = f"variables {listed} are" if len(names) > 1 else f"variable {listed} is"
    root = f"The {ctx.who()} exits because the environment {subject} not set: {why}."
    evidence = [ctx.quote(line), *spec_evidence]
    # `kubectl set env` rolls the pods itself; a changed Secret/ConfigMap is only read at container start
    restart = rollout_restart(ctx.owner) if not any(c.startswith("kubectl set env") for c in commands) else None
    return Cause(
        key=f"missing-env:{listed}",
        root_cause=root,
        evidence=evidence,
        fix=Fix(description=fix_desc, commands=commands + ([restart] if restart else [])),
        confidence=0.9 if spec_evidence else 0.8,
    )


def _env_origin(ctx: CrashContext, names: list[str]) -> tuple[str, str, list[str], list[Evidence]]:
    """Where the spec should take the variables from, and the command that supplies them."""
    var = names[0]
    state, ns = ctx.state, ctx.ns
    env = {e.get("name"): e for e in ctx.view.spec.get("env") or []}
    literals = " ".join(f"--from-literal={n}=<value>" for n in names)
    if var in env:
        entry = env[var]
        ref = (entry.get("valueFrom") or {}).get("secretKeyRef") or (entry.get("valueFrom") or {}).get(
            "configMapKeyRef"
        )
        if ref:
            kind = "Secret" if "secretKeyRef" in entry.get("valueFrom", {}) else "ConfigMap"
            src = Evidence(
                source="spec",
                text=f"env {var} <- {kind} {ref.get('name')} key {ref.get('key')}"
                + (" (optional)" if ref.get("optional") else ""),
            )
            obj = state.get(kind, ns, ref.get("name", ""))
            patch = (
                f"kubectl patch {kind.lower()} {ref.get('name')} {ns_flag(ns)} --type merge -p '"
                + json.dumps({"stringData" if kind == "Secret" else "data": {ref.get("key"): "<value>"}})
                + "'"
            )
            if kind in state.kinds_read and obj is None:
                generic = "generic " if kind == "Secret" else ""
                create = (
                    f"kubectl create {kind.lower()} {generic}{ref.get('name')} {ns_flag(ns)} "
                    f"--from-literal={ref.get('key')}=<value>"
                )
                return (
                    f"env {var} reads key {ref.get('key')} of {kind} {ref.get('name')}, which does not exist "
                    f"in namespace {ns} (the reference is optional, so the container starts without it)",
                    f"Create the {kind} {ref.get('name')} with key {ref.get('key')}.",
                    [create],
                    [src],
                )
            if obj is not None and ref.get("key") not in secret_keys(obj):
                keys = ", ".join(sorted(secret_keys(obj))) or "none"
                return (
                    f"the {kind} {ref.get('name')} has no key {ref.get('key')} (its keys: {keys})",
                    f"Add key {ref.get('key')} to the {kind} {ref.get('name')}.",
                    [patch],
                    [src],
                )
            return (
                f"env {var} is read from key {ref.get('key')} of {kind} {ref.get('name')}, whose value the app "
                "rejects (empty or malformed)",
                f"Set a valid value for {ref.get('key')} in {kind} {ref.get('name')}.",
                [patch],
                [src],
            )
        src = Evidence(source="spec", text=f"env {var}={entry.get('value', '')!r}")
        return (
            f"the spec sets {var} to an empty value",
            f"Set {var} to a real value.",
            [f"kubectl set env {workload_arg(ctx.owner)} {ns_flag(ns)} -c {ctx.view.name} {var}=<value>"],
            [src],
        )

    env_from = ctx.view.spec.get("envFrom") or []
    loaded = []
    for item in env_from:
        for kind, field in (("Secret", "secretRef"), ("ConfigMap", "configMapRef")):
            ref = item.get(field)
            if ref:
                loaded.append((kind, ref.get("name", ""), item.get("prefix") or ""))
    if loaded:
        evidence = [
            Evidence(source="spec", text=f"envFrom: {kind} {name}" + (f" (prefix {p})" if p else ""))
            for kind, name, p in loaded
        ]
        described = []
        for kind, name, _prefix in loaded:
            obj = state.get(kind, ns, name)
            if obj is not None:
                keys = ", ".join(sorted(secret_keys(obj))) or "no keys"
                described.append(f"the {kind} {name} (keys: {keys}) has no key {var}")
            elif kind in state.kinds_read:
                described.append(f"the {kind} {name} does not exist in namespace {ns}")
            else:
                described.append(f"it is not among the variables envFrom loads from {kind} {name}")
        kind, name, prefix = next(((k, n, p) for k, n, p in loaded if k == "Secret"), loaded[0])
        obj = state.get(kind, ns, name)
        keyed = {f"{n[len(prefix) :] if prefix and n.startswith(prefix) else n}": "<value>" for n in names}
        if obj is None and kind in state.kinds_read:
            flags = " ".join(f"--from-literal={k}=<value>" for k in keyed)
            command = (
                f"kubectl create {kind.lower()} {'generic ' if kind == 'Secret' else ''}{name} {ns_flag(ns)} {flags}"
            )
        else:
            body = {"stringData" if kind == "Secret" else "data": keyed}
            command = f"kubectl patch {kind.lower()} {name} {ns_flag(ns)} --type merge -p '{json.dumps(body)}'"
        return (
            "; ".join(described),
            f"Add {', '.join(keyed)} to the {kind} {name} that the container loads with envFrom.",
            [command],
            evidence,
        )

    provider = _secret_with_key(ctx, var)
    if provider:
        kind, name = provider
        return (
            f"the container has no env or envFrom entry for it, although the {kind} {name} in namespace {ns} "
            f"has a key {var}",
            f"Load {var} from the {kind} {name} into the container.",
            [
                f"kubectl set env {workload_arg(ctx.owner)} {ns_flag(ns)} -c {ctx.view.name} "
                f"--from={kind.lower()}/{name} --keys={','.join(names)}"
            ],
            [Evidence(source="spec", text=f"container {ctx.view.name} has no env/envFrom providing {var}")],
        )
    secret = f"{ctx.owner.name}-secrets"
    return (
        f"the container spec has no env or envFrom entry for it and no Secret or ConfigMap in namespace {ns} "
        "provides it",
        f"Create a Secret with {', '.join(names)} and load it into the container with envFrom.",
        [
            f"kubectl create secret generic {secret} {ns_flag(ns)} {literals}",
            f"kubectl set env {workload_arg(ctx.owner)} {ns_flag(ns)} -c {ctx.view.name} --from=secret/{secret}",
        ],
        [Evidence(source="spec", text=f"container {ctx.view.name} has no env/envFrom providing {var}")],
    )


def _secret_with_key(ctx: CrashContext, var: str) -> tuple[str, str] | None:
    for kind in ("Secret", "ConfigMap"):
        for name in ctx.index.names(kind, ctx.ns):
            if var in secret_keys(ctx.state.get(kind, ctx.ns, name)):
                return kind, name
    return None
