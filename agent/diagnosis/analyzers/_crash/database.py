"""Database errors with a clear cause: rejected credentials, migrations that conflict with the schema."""

from __future__ import annotations

import json
import re

from agent.diagnosis.analyzers._crash.addresses import env_pointing_at
from agent.diagnosis.analyzers._crash.context import Cause, CrashContext, command_args
from agent.diagnosis.analyzers._pods import ns_flag, workload_arg
from agent.diagnosis.models import Evidence, Fix

_AUTH_PATTERNS = [
    re.compile(r'password authentication failed for user "([^"]+)"'),
    re.compile(r"Access denied for user '([^']+)'"),
    re.compile(r'FATAL:\s+role "([^"]+)" does not exist'),
    re.compile(r"WRONGPASS invalid username-password pair|NOAUTH Authentication required"),
]


def credentials(ctx: CrashContext) -> Cause | None:
    for pattern in _AUTH_PATTERNS:
        match = pattern.search(ctx.text)
        if match:
            user = match.group(1) if pattern.groups else None
            return _credentials_cause(ctx, user, match.group(0))
    return None


def _credentials_cause(ctx: CrashContext, user: str | None, line: str) -> Cause:
    evidence = [ctx.quote(line)]
    source = ""
    for entry in ctx.view.spec.get("env") or []:
        ref = (entry.get("valueFrom") or {}).get("secretKeyRef")
        if ref and re.search(r"PASS|URL|DSN|URI", entry.get("name", "")):
            source = f"env {entry.get('name')} (Secret {ref.get('name')} key {ref.get('key')})"
            evidence.append(
                Evidence(
                    source="spec", text=f"env {entry.get('name')} <- Secret {ref.get('name')} key {ref.get('key')}"
                )
            )
            break
    if not source:
        source = env_pointing_at(ctx, "") or "the app's connection settings"
    who = f"user {user}" if user else "the client"
    root = (
        f"The {ctx.who()} exits because the server rejects the credentials of {who}: the password in "
        f"{source} does not match the one the server has for {who} (or the user does not exist there)."
    )
    fix = Fix(
        description=f"Make the password in {source} match the server's password for {who} "
        "(or create the user on the server), then run again."
    )
    match = re.match(r"env \w+ \(Secret ([\w.-]+) key ([\w.-]+)\)", source)
    if match:
        fix.commands.append(
            f"kubectl patch secret {match.group(1)} {ns_flag(ctx.ns)} --type merge -p "
            f"'{json.dumps({'stringData': {match.group(2): '<the password of ' + (user or 'the user') + '>'}})}'"
        )
    return Cause(f"credentials:{user}", root, evidence, fix, 0.85)


_ALREADY_EXISTS = re.compile(r'(?:relation|Table) ["\'`]?([\w.]+)["\'`]? already exists')


def migration_conflict(ctx: CrashContext) -> Cause | None:
    match = _ALREADY_EXISTS.search(ctx.text)
    if not match:
        return None
    table = match.group(1)
    alembic = "alembic" in ctx.text.lower() or "alembic" in " ".join(command_args(ctx.view.spec))
    root = (
        f"The {ctx.who()} exits because its schema migration creates table {table}, which already exists: the "
        "database has the schema but the migration history does not record it (tables created outside the "
        "migrations, e.g. by create_all() or a restored dump)."
    )
    if alembic:
        stamp = "alembic stamp <revision that created the table> && alembic upgrade head"
        fix = Fix(
            description="After checking the existing schema matches the migrations, mark it as migrated with "
            "`alembic stamp` once (here by running it before the upgrade, then revert the command), "
            "or make the migration idempotent.",
            commands=[
                f"kubectl patch {workload_arg(ctx.owner)} {ns_flag(ctx.ns)} --type json -p '"
                + json.dumps(
                    [{"op": "replace", "path": f"{ctx.container_path()}/command", "value": ["sh", "-c", stamp]}]
                )
                + "'"
            ],
        )
    else:
        fix = Fix(
            description=f"Record the migration that creates {table} as applied, or drop the stray table, then retry."
        )
    return Cause(f"migration-conflict:{table}", root, [ctx.quote(match.group(0))], fix, 0.8)
