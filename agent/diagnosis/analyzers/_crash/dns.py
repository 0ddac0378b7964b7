"""Host names that do not resolve: a missing or misspelled Service, another namespace, cluster DNS."""

from __future__ import annotations

import difflib
import re

from agent.diagnosis.analyzers._crash.addresses import env_pointing_at, repoint_commands, service_in_host
from agent.diagnosis.analyzers._crash.context import Cause, CrashContext
from agent.diagnosis.analyzers._pods import ns_flag
from agent.diagnosis.models import Evidence, Fix
from agent.diagnosis.state import labels_of, namespace_of

_DNS_PATTERNS = [
    re.compile(r'could not translate host name "([^"]+)" to address'),
    re.compile(r"getaddrinfo (?:ENOTFOUND|EAI_AGAIN) ([\w.-]+)"),
    re.compile(r"lookup ([\w.-]+)(?: on [\d.:\[\]a-f]+)?: no such host"),
    re.compile(r"nc: bad address '([^']+)'"),
    re.compile(r"UnknownHostException: ([\w.-]+)"),
    re.compile(r"[Ff]ailed to resolve '([\w.-]+)'"),
]
_DNS_GENERIC = re.compile(r"Name or service not known|Temporary failure in name resolution|nodename nor servname")


def dns(ctx: CrashContext) -> Cause | None:
    for pattern in _DNS_PATTERNS:
        match = pattern.search(ctx.text)
        if match:
            return _dns_cause(ctx, match.group(1), match.group(0))
    match = _DNS_GENERIC.search(ctx.text)
    if match:
        return _dns_cause(ctx, None, match.group(0))
    return None


def _dns_cause(ctx: CrashContext, host: str | None, line: str) -> Cause:
    evidence = [ctx.quote(line)]
    if not host:
        root = (
            f"The {ctx.who()} exits because a hostname it connects to does not resolve "
            "(DNS: Name or service not known)."
        )
        return Cause(
            "dns:?",
            root,
            evidence,
            Fix(
                description="Check the host names in the app's connection settings against "
                f"`kubectl get svc {ns_flag(ctx.ns)}`; in-cluster names are <service> or "
                "<service>.<namespace>.svc.cluster.local."
            ),
            0.6,
        )
    via = env_pointing_at(ctx, host)
    via_text = f" (the host in {via})" if via else ""
    target = service_in_host(host, ctx.ns)
    fix_where = via or "the app's connection settings"
    if target is None:
        root = (
            f"The {ctx.who()} exits because the external host {host}{via_text} does not resolve from the "
            "cluster: the name is misspelled or the cluster has no DNS/egress to it."
        )
        return Cause(
            f"dns:{host}",
            root,
            evidence,
            Fix(
                description=f"Correct the host in {fix_where}; test resolution from inside the cluster.",
                commands=[
                    f"kubectl run dnstest --rm -it --restart=Never --image=busybox:1.36 "
                    f"{ns_flag(ctx.ns)} -- nslookup {host}"
                ],
            ),
            0.8,
        )
    service, svc_ns = target
    if "Service" in ctx.state.kinds_read and ctx.state.get("Service", svc_ns, service) is not None:
        dns_pods = [p for p in ctx.state.of_kind("Pod", "kube-system") if labels_of(p).get("k8s-app") == "kube-dns"]
        root = (
            f"The {ctx.who()} exits because {host}{via_text} does not resolve although the Service {service} "
            f"exists in namespace {svc_ns}: cluster DNS (CoreDNS) is failing"
            + (f" ({len(dns_pods)} CoreDNS pods found)" if dns_pods else "")
            + "."
        )
        return Cause(
            f"dns:{host}",
            root,
            evidence,
            Fix(
                description="Check CoreDNS in kube-system and restart it.",
                commands=[
                    "kubectl get pods -n kube-system -l k8s-app=kube-dns",
                    "kubectl rollout restart deployment/coredns -n kube-system",
                ],
            ),
            0.7,
        )
    existing = ctx.index.names("Service", svc_ns)
    elsewhere = [namespace_of(s) for s in ctx.index.by_name("Service", service) if namespace_of(s) != svc_ns]
    close = difflib.get_close_matches(service, existing, n=1, cutoff=0.5)
    root = (
        f"The {ctx.who()} exits because {host}{via_text} does not resolve: "
        f"there is no Service {service} in namespace {svc_ns}"
    )
    if elsewhere:
        fqdn = f"{service}.{elsewhere[0]}.svc.cluster.local"
        root += f"; a Service {service} exists in namespace {elsewhere[0]}, reachable as {fqdn}"
        right = fqdn
    elif close:
        root += f"; the Service that exists is {close[0]} (the name is probably a typo)"
        right = close[0]
    else:
        root += f" (Services there: {', '.join(existing) or 'none'})"
        right = None
    root += "."
    evidence.append(Evidence(source="services", text=f"Services in {svc_ns}: {', '.join(existing) or 'none'}"))
    description = (
        f"Point {fix_where} at {right} instead of {host}."
        if right
        else f"Create the Service {service} in namespace {svc_ns} or correct the host in {fix_where}."
    )
    commands = repoint_commands(ctx, via, host, right) if right else [f"kubectl get svc -A | grep {service}"]
    return Cause(f"dns:{host}", root, evidence, Fix(description=description, commands=commands), 0.9)
