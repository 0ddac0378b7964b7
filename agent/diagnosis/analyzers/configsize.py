"""ConfigMaps and Secrets over the API server's 1 MiB limit: they cannot be created or updated, and pods that
mount them wait for an object that never arrives. An unused ConfigMap or Secret is not a problem."""

from __future__ import annotations

from agent.diagnosis.analyzers._workloads import format_quantity, kubectl_ns, ref
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, Severity
from agent.diagnosis.sources.values import value_bytes
from agent.diagnosis.state import ClusterState, Obj, name_of, namespace_of

LIMIT = 1024 * 1024  # bytes of data per ConfigMap/Secret (validation: "must have at most 1048576 bytes")


@register
class ConfigSizeAnalyzer(Analyzer):
    name = "configsize"
    kinds = ("ConfigMap", "Secret")
    keywords = ("configmap", "secret", "size", "too large", "1mb", "1 mib", "limit", "etcd", "request entity")

    def analyze(self, state: ClusterState) -> list[Finding]:
        findings = []
        for kind in self.kinds:
            for obj in state.of_kind(kind):
                size = value_bytes(obj)
                if size > LIMIT:
                    findings.append(self._finding(obj, size))
        return findings

    def _finding(self, obj: Obj, size: int) -> Finding:
        kind, ns, name = obj.get("kind", ""), namespace_of(obj), name_of(obj)
        biggest = sorted(((k, len(str(v or ""))) for f in ("data", "binaryData", "stringData")
                          for k, v in ((obj.get(f) or {}) if isinstance(obj.get(f), dict) else {}).items()),
                         key=lambda kv: -kv[1])[:3]
        keys = ", ".join(k for k, _ in biggest) or "its keys"
        shown = format_quantity("storage", size)
        return Finding(
            analyzer=self.name, object=ref(obj), severity=Severity.CRITICAL,
            symptom=f"{kind} {name} holds {shown}, over the 1Mi limit",
            root_cause=(f"{kind} {name} holds {size:,} bytes of data ({shown}), more than the 1 MiB (1,048,576 bytes) "
                        f"the API server accepts for a {kind}, so creating or updating it is rejected and pods "
                        "waiting for it never get it"),
            evidence=[Evidence(source="data", text=f"{size:,} bytes in keys {keys}")],
            fix=Fix(description=f"Split the data across several {kind}s, or keep large files out of the cluster "
                                "object (a volume, an image layer, or object storage) and mount or download them.",
                    commands=[f"kubectl get {kind.lower()} {name}{kubectl_ns(ns)} -o json | wc -c"]),
            confidence=0.95,
        )
