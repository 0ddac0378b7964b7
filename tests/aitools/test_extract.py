"""Artifacts out of AI tools' prose: fenced blocks first, raw runs of YAML / Dockerfile lines otherwise."""

from __future__ import annotations

from agent.aitools.extract import dockerfile, yaml_documents

RAW_YAML = """Running: kubectl get ns
Sure! Apply this:
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  MODE: prod
That should do it.
"""


def test_raw_yaml_documents_are_cut_out_of_prose():
    documents = yaml_documents(RAW_YAML)
    assert [d.splitlines()[1] for d in documents] == ["kind: Service", "kind: ConfigMap"]
    assert all("Sure" not in d and "should do it" not in d for d in documents)


def test_yaml_without_kind_is_not_a_manifest():
    assert yaml_documents("```yaml\nreplicas: 2\nimage: web\n```") == []


def test_fenced_dockerfile_wins_over_other_blocks():
    text = "```sh\ndocker build .\n```\n\n```dockerfile\nFROM alpine:3.20\nUSER 10001\n```\n"
    assert dockerfile(text) == "FROM alpine:3.20\nUSER 10001\n"


def test_raw_dockerfile_stops_at_prose_and_needs_a_from():
    artifact = 'FROM node:20-alpine\nWORKDIR /app\nRUN npm ci \\\n  --omit=dev\n\nCMD ["node", "s.js"]\n'
    assert dockerfile(f"Try this:\n{artifact}This keeps it small.\n") == artifact
    assert dockerfile("Use a slim base image and a non-root user.") is None
