"""Ingresses no controller serves (no class, unknown class, no default) or that route to a missing
Service/port, or name a TLS Secret that does not exist."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from agent.diagnosis.analyzers._workloads import is_minikube, kubectl_ns, ref
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState, Obj, labels_of, name_of, namespace_of

DEFAULT_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class"
# classes a cloud's built-in controller serves without an IngressClass object in the cluster
BUILTIN_CLASSES = {"gce": "GKE Ingress (external Application Load Balancer)",
                   "gce-internal": "GKE Ingress (internal Application Load Balancer)",
                   "gce-multi-cluster": "GKE multi-cluster Ingress",
                   "alb": "AWS Load Balancer Controller"}
LEGACY_CLASS_ANNOTATION = "kubernetes.io/ingress.class"


@register
class IngressAnalyzer(Analyzer):
    name = "ingress"
    kinds = ("Ingress",)
    needs = {"IngressClass": "Ingress classes", "Service": "Ingress backends", "Secret": "Ingress TLS certificates"}
    keywords = ("ingress", "ingressclass", "host", "hostname", "domain", "tls", "https", "certificate", "404",
                "503", "site", "url", "website", "browser", "address")

    def analyze(self, state: ClusterState) -> list[Finding]:
        ingresses = state.of_kind("Ingress")
        if not ingresses:
            return []
        classes = {name_of(c): c for c in state.of_kind("IngressClass")}
        classes_known = "IngressClass" in state.kinds_read
        defaults = sorted(n for n, c in classes.items()
                          if ((c.get("metadata") or {}).get("annotations") or {}).get(DEFAULT_CLASS_ANNOTATION) == "true")
        minikube = is_minikube(state.of_kind("Node"))
        findings = []
        for ing in ingresses:
            class_problem = _class_problem(ing, classes, classes_known, defaults, minikube)
            if class_problem:
                findings.append(_finding(self.name, ing, class_problem))
            findings.extend(_finding(self.name, ing, p) for p in _backend_problems(state, ing))
            findings.extend(_finding(self.name, ing, p) for p in _tls_problems(state, ing))
        return findings


@dataclass
class Problem:
    symptom: str
    root_cause: str
    evidence: list[Evidence]
    fix: Fix
    related: list[ObjectRef] = field(default_factory=list)
    severity: Severity = Severity.CRITICAL
    confidence: float = 0.9


def _finding(analyzer: str, ing: Obj, problem: Problem) -> Finding:
    return Finding(analyzer=analyzer, object=ref(ing), severity=problem.severity, symptom=problem.symptom,
                   root_cause=problem.root_cause, evidence=problem.evidence, fix=problem.fix,
                   confidence=problem.confidence, related=problem.related)


def _controller_lines(state: ClusterState, needle: str) -> list[Evidence]:
    """Lines of the ingress-nginx controller's log that mention an object (`todo/todo-tls`)."""
    out = []
    for pod in state.of_kind("Pod"):
        if labels_of(pod).get("app.kubernetes.io/name") != "ingress-nginx":
            continue
        for c in (pod.get("spec") or {}).get("containers") or []:
            text = state.log(namespace_of(pod) or "", name_of(pod), c.get("name", "")) or ""
            for line in text.splitlines():
                if needle in line:
                    out.append(Evidence(source=f"logs:{name_of(pod)}/{c.get('name')}", text=line.strip()[:300]))
                    break
    return out[:1]


def _address(ing: Obj) -> str:
    lb = ((ing.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
    return ", ".join(i.get("ip") or i.get("hostname") or "" for i in lb) or "<none>"


def _class_problem(ing: Obj, classes: dict[str, Obj], known: bool, defaults: list[str], minikube: bool) -> Problem | None:
    name, ns = name_of(ing), namespace_of(ing)
    spec = ing.get("spec") or {}
    wanted = spec.get("ingressClassName") or ((ing.get("metadata") or {}).get("annotations") or {}).get(LEGACY_CLASS_ANNOTATION)
    if not known or (wanted and (wanted in classes or wanted in BUILTIN_CLASSES)) or (not wanted and defaults):
        return None
    evidence = [Evidence(source="spec", text=f"ingressClassName: {wanted or '(unset)'}"),
                Evidence(source="status", text=f"ADDRESS {_address(ing)}"),
                Evidence(source="ingressclasses", text="IngressClasses: " + (", ".join(
                    f"{c} (default)" if c in defaults else c for c in sorted(classes)) or "none"))]
    symptom = f"Ingress {name} has no address; requests to its host are not routed"
    if not classes:
        root = ("there is no IngressClass in the cluster, i.e. no ingress controller is installed, so nothing serves "
                f"Ingress {name}")
        commands = ["minikube addons enable ingress"] if minikube else [
            "helm upgrade --install ingress-nginx ingress-nginx --repo https://kubernetes.github.io/ingress-nginx "
            "--namespace ingress-nginx --create-namespace"]
        fix = Fix(description="Install an ingress controller" + (" (the minikube ingress addon)" if minikube else "")
                  + (f" that provides class {wanted}" if wanted else "") + ".", commands=commands)
        return Problem(symptom, root, evidence, fix)
    target = sorted(classes)[0] if len(classes) == 1 else (defaults[0] if defaults else sorted(classes)[0])
    patch_cmd = (f"kubectl patch ingress {name}{kubectl_ns(ns)} --type merge -p "
                 f"'{{\"spec\":{{\"ingressClassName\":\"{target}\"}}}}'")
    if wanted:
        root = (f"Ingress {name} asks for IngressClass {wanted}, which does not exist (classes: "
                f"{', '.join(sorted(classes))}), so no controller picks it up")
        fix = Fix(description=f"Use an existing class ({target}).", commands=[patch_cmd])
    else:
        root = (f"Ingress {name} sets no ingressClassName and no IngressClass is marked default "
                f"(classes: {', '.join(sorted(classes))}), so no controller serves it")
        fix = Fix(description=f"Set ingressClassName: {target} on the Ingress, or mark {target} as the default class.",
                  commands=[patch_cmd,
                            f"kubectl annotate ingressclass {target} {DEFAULT_CLASS_ANNOTATION}=true"])
    return Problem(symptom, root, evidence, fix, [ObjectRef(kind="IngressClass", name=c) for c in sorted(classes)])


def _backends(ing: Obj) -> list[tuple[str, Obj, str]]:
    """(route, backend service, JSON-patch path of that backend) for every Service backend of the Ingress."""
    spec = ing.get("spec") or {}
    out = []
    if (spec.get("defaultBackend") or {}).get("service"):
        out.append(("defaultBackend", spec["defaultBackend"]["service"], "/spec/defaultBackend/service"))
    for i, rule in enumerate(spec.get("rules") or []):
        for j, path in enumerate((rule.get("http") or {}).get("paths") or []):
            svc = (path.get("backend") or {}).get("service")
            if svc:
                out.append((f"{rule.get('host', '*')}{path.get('path', '/')}", svc,
                            f"/spec/rules/{i}/http/paths/{j}/backend/service"))
    return out


def _json_patch(ing: Obj, path: str, value: object) -> str:
    body = json.dumps([{"op": "replace", "path": path, "value": value}])
    return f"kubectl patch ingress {name_of(ing)}{kubectl_ns(namespace_of(ing))} --type json -p '{body}'"


def _backend_problems(state: ClusterState, ing: Obj) -> list[Problem]:
    if "Service" not in state.kinds_read:
        return []
    name, ns = name_of(ing), namespace_of(ing)
    problems: list[Problem] = []
    services = {name_of(s): s for s in state.of_kind("Service", ns)}
    reported: set[tuple[str, str]] = set()
    for route, backend, path in _backends(ing):
        svc_name = backend.get("name", "")
        port = backend.get("port") or {}
        wanted = port.get("number") or port.get("name")
        if (svc_name, str(wanted)) in reported:
            continue
        reported.add((svc_name, str(wanted)))
        svc = services.get(svc_name)
        evidence = [Evidence(source="spec", text=f"rule {route} -> service {svc_name} port {wanted}")]
        evidence += _controller_lines(state, f"{ns}/{svc_name}\"")
        if svc is None:
            evidence.append(Evidence(source="services", text=f"Services in {ns}: {', '.join(sorted(services)) or 'none'}"))
            closest = _closest_name(svc_name, services)
            commands = [_json_patch(ing, f"{path}/name", closest)] if closest else [f"kubectl get svc{kubectl_ns(ns)}"]
            problems.append(Problem(
                f"requests to {route} return 503 from the ingress controller",
                f"Ingress {name} routes {route} to Service {svc_name}, which does not exist in namespace {ns}"
                + (f" (did you mean {closest}?)" if closest else ""),
                evidence,
                Fix(description="Point the Ingress backend at an existing Service" + (f" ({closest})" if closest else "")
                                + f", or create Service {svc_name}.", commands=commands),
            ))
            continue
        ports = (svc.get("spec") or {}).get("ports") or []
        if any(p.get("port") == wanted or (p.get("name") and p.get("name") == wanted) for p in ports):
            continue
        shown = ", ".join(f"{p.get('port')}" + (f" ({p['name']})" if p.get("name") else "") for p in ports) or "none"
        evidence.append(Evidence(source=f"service/{svc_name}", text=f"ports: {shown}"))
        good = ports[0].get("port") if len(ports) == 1 else None
        problems.append(Problem(
            f"requests to {route} fail (503) at the ingress controller",
            f"Ingress {name} sends {route} to port {wanted} of Service {svc_name}, but the Service exposes {shown}",
            evidence,
            Fix(description="Use the Service's port" + (f" {good}" if good else "") + " in the Ingress backend.",
                commands=[_json_patch(ing, f"{path}/port", {"number": good})] if good
                else [f"kubectl edit ingress {name}{kubectl_ns(ns)}"]),
            [ObjectRef(kind="Service", name=svc_name, namespace=ns)],
        ))
    return problems


def _closest_name(wanted: str, names: dict[str, Obj]) -> str | None:
    """A Service whose name contains or is contained in the wanted one (backend vs backend-service)."""
    candidates = [n for n in names if wanted in n or n in wanted]
    return min(candidates, key=lambda n: abs(len(n) - len(wanted))) if candidates else None


def _tls_problems(state: ClusterState, ing: Obj) -> list[Problem]:
    if "Secret" not in state.kinds_read:
        return []
    name, ns = name_of(ing), namespace_of(ing)
    problems: list[Problem] = []
    for tls in (ing.get("spec") or {}).get("tls") or []:
        secret = tls.get("secretName")
        if not secret or state.get("Secret", ns, secret) is not None:
            continue
        hosts = ", ".join(tls.get("hosts") or []) or "its hosts"
        events = [e for e in state.events_for("Ingress", ns, name) if secret in (e.get("message") or "")]
        evidence = [Evidence(source="spec", text=f"tls: hosts [{hosts}] secretName {secret}"),
                    Evidence(source="secrets", text=f"Secret {secret} not found in namespace {ns}")]
        evidence += [Evidence(source="events", text=" ".join((e.get("message") or "").split())) for e in events[-1:]]
        evidence += _controller_lines(state, f"{ns}/{secret}")
        commands = [f"kubectl create secret tls {secret}{kubectl_ns(ns)} --cert=path/to/tls.crt --key=path/to/tls.key"]
        if tls.get("hosts"):
            commands.append(f"openssl req -x509 -nodes -newkey rsa:2048 -days 365 -subj /CN={tls['hosts'][0]} "
                            "-keyout tls.key -out tls.crt  # self-signed, for local testing")
        problems.append(Problem(
            f"HTTPS for {hosts} serves the controller's default (self-signed) certificate",
            f"Ingress {name} names TLS Secret {secret}, which does not exist in namespace {ns}",
            evidence,
            Fix(description=f"Create the TLS Secret {secret} from the certificate and key for {hosts} "
                            "(or let cert-manager issue it).", commands=commands),
            severity=Severity.WARNING,
        ))
    return problems
