"""Files the app needs that are missing, read-only or not writable by its user."""

from __future__ import annotations

import json
import posixpath
import re

from agent.diagnosis.analyzers._crash.context import Cause, CrashContext, mount_for, nest_in_owner
from agent.diagnosis.analyzers._pods import ns_flag, rollout_restart, secret_keys, workload_arg
from agent.diagnosis.models import Evidence, Fix

_FILE_PATTERNS = [
    re.compile(r"FileNotFoundError: \[Errno 2\] No such file or directory: '([^']+)'"),
    re.compile(r"can't open file '([^']+)': \[Errno 2\]"),
    re.compile(r"ENOENT: no such file or directory, \w+ '([^']+)'"),
    re.compile(r"Cannot find module '([^']+)'"),
    re.compile(r"open ([^\s:]+): no such file or directory"),
    re.compile(r"(/[^\s:'\"]+): No such file or directory"),
]


def missing_file(ctx: CrashContext) -> Cause | None:
    for pattern in _FILE_PATTERNS:
        match = pattern.search(ctx.text)
        if match:
            return _file_cause(ctx, match.group(1), match.group(0))
    return None


def _file_cause(ctx: CrashContext, path: str, line: str) -> Cause:
    ns = ctx.ns
    evidence = [ctx.quote(line)]
    found = mount_for(ctx, path) if path.startswith("/") else None
    restart = rollout_restart(ctx.owner)
    if found:
        mount, volume = found
        evidence.append(
            Evidence(
                source="spec",
                text=f"volumeMount {mount.get('name')} at {mount.get('mountPath')}"
                + (f" subPath {mount['subPath']}" if mount.get("subPath") else ""),
            )
        )
        for kind, field, name_key in (("ConfigMap", "configMap", "name"), ("Secret", "secret", "secretName")):
            source = volume.get(field)
            if not source:
                continue
            name = source.get(name_key, "")
            obj = ctx.state.get(kind, ns, name)
            relative = path[len(mount.get("mountPath", "").rstrip("/")) + 1 :]
            key = mount.get("subPath") or relative.split("/", 1)[0]
            items = {i.get("path"): i.get("key") for i in source.get("items") or []}
            key = items.get(relative, key)
            keys = sorted(secret_keys(obj))
            if obj is not None and key not in keys:
                root = (
                    f"The {ctx.who()} exits because {path} does not exist: it is read from the {kind} {name} "
                    f"mounted at {mount.get('mountPath')}, which has no key {key} (its keys: {', '.join(keys) or 'none'})."
                )
                body = {"data" if kind == "ConfigMap" else "stringData": {key: "<file content>"}}
                commands = [f"kubectl patch {kind.lower()} {name} {ns_flag(ns)} --type merge -p '{json.dumps(body)}'"]
                if restart:
                    commands.append(restart)
                return Cause(
                    f"missing-file:{path}",
                    root,
                    evidence,
                    Fix(
                        description=f"Add key {key} to the {kind} {name} (or fix the path the app reads).",
                        commands=commands,
                    ),
                    0.9,
                )
        root = (
            f"The {ctx.who()} exits because {path} does not exist. The path lies in the volume "
            f"{mount.get('name')} mounted at {mount.get('mountPath')}, which hides whatever the image has there."
        )
        return Cause(
            f"missing-file:{path}",
            root,
            evidence,
            Fix(
                description=f"Provide {path} in the volume {mount.get('name')}, or mount the volume at a "
                "path that does not shadow the image's files."
            ),
            0.75,
        )
    root = (
        f"The {ctx.who()} exits because {path} does not exist in the container: it is not in the image "
        f"{ctx.view.image} and no volume provides it."
    )
    return Cause(
        f"missing-file:{path}",
        root,
        evidence,
        Fix(
            description=(
                f"Add {path} to the image (check COPY and WORKDIR in the Dockerfile), or mount it "
                "from a ConfigMap and point the app at it."
            ),
            commands=[
                f"kubectl create configmap {ctx.owner.name}-files {ns_flag(ns)} "
                f"--from-file={posixpath.basename(path)}=./{posixpath.basename(path)}"
            ],
        ),
        0.8,
    )


_READONLY = [
    re.compile(r"\[Errno 30\] Read-only file system: '([^']+)'"),
    re.compile(r"EROFS: read-only file system, \w+ '([^']+)'"),
    re.compile(r"open ([^\s:]+): read-only file system"),
    re.compile(r"'?(/[^\s:']+)'?: Read-only file system"),
]
_DENIED = [
    re.compile(r"PermissionError: \[Errno 13\] Permission denied: '([^']+)'"),
    re.compile(r"EACCES: permission denied, \w+ '([^']+)'"),
    re.compile(r"cannot create directory '([^']+)': Permission denied"),
    re.compile(r"open ([^\s:]+): permission denied"),
    re.compile(r"(/[^\s:']+)\" failed \(13: Permission denied\)"),
]


def permissions(ctx: CrashContext) -> Cause | None:
    for pattern in _READONLY:
        match = pattern.search(ctx.text)
        if match:
            return _readonly_cause(ctx, match.group(1), match.group(0))
    for pattern in _DENIED:
        match = pattern.search(ctx.text)
        if match:
            return _denied_cause(ctx, match.group(1), match.group(0))
    return None


def _security_context(ctx: CrashContext) -> tuple[dict, dict]:
    return ctx.view.spec.get("securityContext") or {}, (ctx.view.pod.get("spec") or {}).get("securityContext") or {}


def _readonly_cause(ctx: CrashContext, path: str, line: str) -> Cause:
    evidence = [ctx.quote(line)]
    container_sc, _ = _security_context(ctx)
    directory = path if not posixpath.splitext(path)[1] else posixpath.dirname(path)
    mount = mount_for(ctx, path)
    if mount and mount[0].get("readOnly"):
        evidence.append(
            Evidence(
                source="spec", text=f"volumeMount {mount[0].get('name')} at {mount[0].get('mountPath')} readOnly: true"
            )
        )
        root = (
            f"The {ctx.who()} exits because it writes {path}, which is on the volume {mount[0].get('name')} "
            f"mounted readOnly at {mount[0].get('mountPath')}."
        )
        return Cause(
            f"readonly:{path}",
            root,
            evidence,
            Fix(description="Mount the volume read-write or write to another path."),
            0.85,
        )
    if container_sc.get("readOnlyRootFilesystem"):
        evidence.append(
            Evidence(source="spec", text=f"container {ctx.view.name} securityContext.readOnlyRootFilesystem: true")
        )
        root = (
            f"The {ctx.who()} exits because it writes {path} while securityContext.readOnlyRootFilesystem "
            f"is true and no writable volume is mounted at {directory}."
        )
        patch = _emptydir_patch(ctx, directory)
        return Cause(
            f"readonly:{directory}",
            root,
            evidence,
            Fix(
                description=f"Mount a writable emptyDir at {directory} (keeps the root file system read-only).",
                patch=patch,
                commands=[
                    f"kubectl patch {workload_arg(ctx.owner)} {ns_flag(ctx.ns)} --patch-file writable-{ctx.view.name}.yaml"
                ],
            ),
            0.9,
        )
    root = f"The {ctx.who()} exits because {path} is on a read-only file system."
    return Cause(
        f"readonly:{path}",
        root,
        evidence,
        Fix(description=f"Mount a writable emptyDir at {directory}.", patch=_emptydir_patch(ctx, directory)),
        0.7,
    )


def _emptydir_patch(ctx: CrashContext, directory: str) -> str:
    volume = re.sub(r"[^a-z0-9-]", "-", posixpath.basename(directory.rstrip("/")).lower()).strip("-") or "writable"
    lines = [
        "spec:",
        "  template:",
        "    spec:",
        "      containers:",
        f"      - name: {ctx.view.name}",
        "        volumeMounts:",
        f"        - name: {volume}",
        f"          mountPath: {directory}",
        "      volumes:",
        f"      - name: {volume}",
        "        emptyDir: {}",
    ]
    return "\n".join(lines)


def _denied_cause(ctx: CrashContext, path: str, line: str) -> Cause:
    evidence = [ctx.quote(line)]
    container_sc, pod_sc = _security_context(ctx)
    user = container_sc.get("runAsUser", pod_sc.get("runAsUser"))
    non_root = container_sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot"))
    mount = mount_for(ctx, path)
    who = f"user {user}" if user is not None else ("a non-root user" if non_root else "the image's user")
    if user is not None or non_root:
        evidence.append(
            Evidence(
                source="spec",
                text=f"securityContext runAsUser: {user}, runAsNonRoot: {non_root}, fsGroup: {pod_sc.get('fsGroup')}",
            )
        )
    if mount:
        root = (
            f"The {ctx.who()} exits because it runs as {who} and may not write {path} on the volume "
            f"{mount[0].get('name')} mounted at {mount[0].get('mountPath')} (owned by another user)."
        )
        fs_group = user if user is not None else 1000
        return Cause(
            f"denied:{path}",
            root,
            evidence,
            Fix(
                description=f"Set the pod's securityContext.fsGroup to {fs_group} so the volume is group-writable.",
                commands=[
                    f"kubectl patch {workload_arg(ctx.owner)} {ns_flag(ctx.ns)} --type merge -p '"
                    + json.dumps(nest_in_owner(ctx.owner, {"securityContext": {"fsGroup": fs_group}}))
                    + "'"
                ],
            ),
            0.85,
        )
    root = (
        f"The {ctx.who()} exits because it runs as {who} and has no permission to write {path} in the image "
        f"{ctx.view.image} (the path is owned by root)."
    )
    return Cause(
        f"denied:{path}",
        root,
        evidence,
        Fix(
            description=f"Give the app's user ownership of {posixpath.dirname(path) or path} in the Dockerfile "
            f"(RUN chown -R <uid> {posixpath.dirname(path) or path}) or mount an emptyDir there.",
            patch=_emptydir_patch(ctx, posixpath.dirname(path) if posixpath.splitext(path)[1] else path),
        ),
        0.8,
    )
