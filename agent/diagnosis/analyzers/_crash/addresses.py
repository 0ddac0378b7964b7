"""Host names and addresses in crash output: which Service they mean and which env setting carries them."""

from __future__ import annotations

import json
import re

from agent.diagnosis.analyzers._crash.context import CrashContext, command_args
from agent.diagnosis.analyzers._pods import ns_flag, rollout_restart, secret_keys, workload_arg


def service_in_host(host: str, pod_ns: str) -> tuple[str, str] | None:
    """`postgres` / `postgres.db` / `postgres.db.svc.cluster.local` -> (service, namespace); None if external."""
    parts = host.split(".")
    if len(parts) == 1:
        return parts[0], pod_ns
    if len(parts) == 2 or (len(parts) >= 3 and parts[2] == "svc"):
        return parts[0], parts[1]
    return None


_PORT_WORDS = {
    5432: "POSTGRES|DATABASE|DB|PG",
    3306: "MYSQL|DATABASE|DB",
    27017: "MONGO|DATABASE|DB",
    6379: "REDIS|CACHE",
    5672: "AMQP|RABBIT|BROKER",
    9092: "KAFKA|BROKER",
}


def env_pointing_at(ctx: CrashContext, host: str, port: int | None = None) -> str:
    """Which env entry carries this address: a literal value naming it, else the best-named Secret/ConfigMap key."""
    for entry in ctx.view.spec.get("env") or []:
        if host and host in str(entry.get("value") or ""):
            return f"env {entry.get('name')} in the spec"
    if host and any(re.search(rf"\b{re.escape(host)}\b", str(arg)) for arg in command_args(ctx.view.spec)):
        return f"the command of {ctx.who()}"
    words = "|".join(
        w
        for w in (
            re.sub(r"[^A-Z0-9]", "", host.split(".")[0].upper()),
            _PORT_WORDS.get(port or 0, ""),
            "DATABASE|DB_|_DB|POSTGRES|REDIS|MONGO|AMQP",
        )
        if w
    )
    wanted = re.compile(words)
    candidates: list[tuple[int, str]] = []
    for entry in ctx.view.spec.get("env") or []:
        ref = (entry.get("valueFrom") or {}).get("secretKeyRef") or (entry.get("valueFrom") or {}).get(
            "configMapKeyRef"
        )
        if ref and wanted.search(entry.get("name", "")):
            candidates.append(
                (
                    _key_score(entry.get("name", "")),
                    f"env {entry.get('name')} (from {ref.get('name')} key {ref.get('key')})",
                )
            )
    for item in ctx.view.spec.get("envFrom") or []:
        ref = item.get("secretRef") or item.get("configMapRef")
        if ref:
            kind = "Secret" if item.get("secretRef") else "ConfigMap"
            obj = ctx.state.get(kind, ctx.ns, ref.get("name", ""))
            for key in sorted(secret_keys(obj)):
                if wanted.search(key):
                    candidates.append((_key_score(key), f"{key} from the {kind} {ref.get('name')} (envFrom)"))
    return max(candidates, key=lambda c: c[0])[1] if candidates else ""


def _key_score(name: str) -> int:
    """URL/DSN-like keys carry whole addresses; prefer them over HOST/PORT fragments."""
    return 2 if re.search(r"URL|DSN|URI", name) else 1


def repoint_commands(ctx: CrashContext, via: str, old: str, new: str) -> list[str]:
    match = re.match(r"([A-Z0-9_, ]+) from the (Secret|ConfigMap) ([\w.-]+)", via) or re.match(
        r"env ([A-Z0-9_]+) \(from ([\w.-]+) key ([A-Z0-9_]+)\)", via
    )
    commands = []
    if match and via.startswith("env "):
        key, obj_name = match.group(3), match.group(2)
        kind = (
            "secret"
            if ctx.state.get("Secret", ctx.ns, obj_name) is not None or "Secret" not in ctx.state.kinds_read
            else "configmap"
        )
        commands.append(
            f"kubectl patch {kind} {obj_name} {ns_flag(ctx.ns)} --type merge -p "
            f"'{json.dumps({'stringData' if kind == 'secret' else 'data': {key: f'<same URL with host {new}>'}})}'"
        )
    elif match:
        key = match.group(1).split(",")[0].strip()
        kind, obj_name = match.group(2).lower(), match.group(3)
        commands.append(
            f"kubectl patch {kind} {obj_name} {ns_flag(ctx.ns)} --type merge -p "
            f"'{json.dumps({'stringData' if kind == 'secret' else 'data': {key: f'<same URL with host {new}>'}})}'"
        )
    elif via.startswith("the command of"):
        spec = ctx.view.spec
        field = "command" if any(old in str(a) for a in spec.get("command") or []) else "args"
        value = [re.sub(rf"\b{re.escape(old)}\b", new, str(a)) for a in spec.get(field) or []]
        commands.append(
            f"kubectl patch {workload_arg(ctx.owner)} {ns_flag(ctx.ns)} --type json -p '"
            + json.dumps([{"op": "replace", "path": f"{ctx.container_path()}/{field}", "value": value}])
            + "'"
        )
    elif via.startswith("env "):
        name = via.split()[1]
        commands.append(
            f"kubectl set env {workload_arg(ctx.owner)} {ns_flag(ctx.ns)} -c {ctx.view.name} "
            f"{name}=<value with host {new}>"
        )
    restart = rollout_restart(ctx.owner)
    if restart and commands and commands[0].startswith(("kubectl patch secret", "kubectl patch configmap")):
        commands.append(restart)  # pods read Secrets/ConfigMaps at start; template patches roll out by themselves
    return commands
