"""Build agent/data/demo-snapshot: the broken Todo deployment `make run` shows when no cluster answers.

It joins two corpus scenarios that live in different namespaces: `todo` from crashloop-missing-env (the
backend crash-loops because DATABASE_URL is missing, so backend-service has no endpoints) and `shop` from
imagepull-tag-not-found (catalog-api cannot pull its image). Cluster-scoped lists are merged by name.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "tests" / "scenarios"
OUT = ROOT / "agent" / "data" / "demo-snapshot"
PARTS = (("crashloop-missing-env", "todo"), ("imagepull-tag-not-found", "shop"))


def merge_list(target: Path, source: Path) -> None:
    items = {}
    for path in (target, source):
        if path.exists():
            for item in json.loads(path.read_text())["items"]:
                items[(item.get("kind"), item["metadata"]["name"])] = item
    target.write_text(json.dumps({"apiVersion": "v1", "kind": "List", "items": list(items.values())}, indent=1) + "\n")


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    for scenario, namespace in PARTS:
        source = SCENARIOS / scenario
        shutil.copytree(source / namespace, OUT / namespace)
        for cluster_file in source.glob("*.json"):
            merge_list(OUT / cluster_file.name, cluster_file)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
