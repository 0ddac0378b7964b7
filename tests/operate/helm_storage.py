"""Helm release records as Helm stores them (Secrets of type helm.sh/release.v1), for the emulated cluster.

The data is what Helm itself writes: the release as JSON, gzipped, base64-encoded, and base64-encoded once more
by the Secret's `data`. Reading releases (list, status, history) then runs through the real Helm SDK.
"""

from __future__ import annotations

import base64
import gzip
import json
from typing import Any


def release_secret(name: str, revision: int, status: str, namespace: str = "todo",
                   chart_version: str = "1.0.0", description: str = "") -> dict[str, Any]:
    stamp = f"2026-01-0{revision}T00:00:00Z"
    release = {
        "name": name, "namespace": namespace, "version": revision, "manifest": f"# revision {revision}\n",
        "info": {"first_deployed": "2026-01-01T00:00:00Z", "last_deployed": stamp, "deleted": "",
                 "description": description or f"{status} revision {revision}", "status": status, "notes": ""},
        "chart": {"metadata": {"apiVersion": "v2", "name": "todo-app", "version": chart_version,
                               "appVersion": chart_version, "type": "application"},
                  "templates": [], "values": {}},
        "config": {},
    }
    encoded = base64.b64encode(gzip.compress(json.dumps(release).encode())).decode()
    return {"apiVersion": "v1", "kind": "Secret", "type": "helm.sh/release.v1",
            "metadata": {"name": f"sh.helm.release.v1.{name}.v{revision}", "namespace": namespace,
                         "labels": {"name": name, "owner": "helm", "status": status, "version": str(revision)}},
            "data": {"release": base64.b64encode(encoded.encode()).decode()}}
