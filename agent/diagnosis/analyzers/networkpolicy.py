"""NetworkPolicies that select no pod (protect nothing) and Egress policies that block DNS to kube-dns."""

from __future__ import annotations

import json
import re

from agent.diagnosis.analyzers._workloads import (
    PodIndex,
    closest_workload_labels,
    describe_selector,
    format_labels,
    is_terminated,
    kubectl_ns,
    pod_refs,
    ref,
    selector_matches,
    targets_scaled_to_zero,
    workloads_of,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, Severity
from agent.diagnosis.state import ClusterState, Obj, labels_of, name_of, namespace_of

_DNS_FAILURE = re.compile(
    r"(Temporary failure in name resolution|getaddrinfo (?:EAI_AGAIN|ENOTFOUND)|Name or service not known|"
    r"could not translate host name|no such host|i/o timeout.*:53|lookup \S+ on \S+:53|Name does not resolve|"
    r"nodename nor servname provided|\[Errno -3\]|\[Errno -2\])",
    re.IGNORECASE,
)
_DNS_PORTS = {53, "53", "dns", "dns-tcp"}
_LOG_PODS_SCANNED = 5
DNS_RULE = {
    "to": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "kube-system"}},
            "podSelector": {"matchLabels": {"k8s-app": "kube-dns"}}}],
    "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
}


def _policy_types(policy: Obj) -> list[str]:
    spec = policy.get("spec") or {}
    return spec.get("policyTypes") or (["Ingress", "Egress"] if "egress" in spec else ["Ingress"])


@register
class NetworkPolicyAnalyzer(Analyzer):
    name = "networkpolicy"
    kinds = ("NetworkPolicy",)
    needs = {"Pod": "the pods NetworkPolicies select"}
    keywords = ("networkpolicy", "network", "policy", "policies", "netpol", "dns", "resolve", "resolution", "egress", "ingress rule",
                "firewall", "blocked", "connect", "connection", "timeout", "name resolution", "lookup")

    def analyze(self, state: ClusterState) -> list[Finding]:
        policies = state.of_kind("NetworkPolicy")
        if not policies:
            return []
        pods = PodIndex(state)
        namespace_labels = {name_of(n): labels_of(n) for n in state.of_kind("Namespace")}
        findings = []
        for policy in policies:
            ns = namespace_of(policy)
            selector = (policy.get("spec") or {}).get("podSelector") or {}
            if not selector.get("matchLabels") and not selector.get("matchExpressions"):
                findings.append(self._whole_namespace(policy, len(pods.by_namespace.get(ns, []))))
            if not state.knows("Pod"):
                continue
            selected = [p for p in pods.select(ns, selector) if not is_terminated(p)]
            if not selected:
                finding = self._selects_nothing(state, policy, selector, pods)
                if finding:
                    findings.append(finding)
                continue
            if "Egress" in _policy_types(policy) and not _dns_allowed_for(selected[0], policies, namespace_labels):
                findings.append(self._denies_dns(state, policy, selected))
        return findings

    def _selects_nothing(self, state: ClusterState, policy: Obj, selector: Obj, pods: PodIndex,
                         ) -> Finding | None:
        ns, name = namespace_of(policy), name_of(policy)
        match_labels = selector.get("matchLabels") or {}
        if match_labels and targets_scaled_to_zero(state, ns, match_labels):
            return None
        candidate, labels = closest_workload_labels(state, ns, match_labels, pods)
        closest = (f"; the closest pods are those of {candidate.kind} {candidate.name}, labelled {format_labels(labels)}"
                   if candidate else "")
        root = (f"NetworkPolicy {name} selects pods with {describe_selector(selector)}, but no pod in namespace {ns} "
                f"has those labels, so the policy applies to nothing{closest}")
        commands = []
        if candidate and match_labels:
            new_labels = {k: labels.get(k, v) for k, v in match_labels.items()}
            body = json.dumps({"spec": {"podSelector": {"matchLabels": new_labels}}})
            commands.append(f"kubectl patch networkpolicy {name}{kubectl_ns(ns)} --type merge -p '{body}'")
        commands.append(f"kubectl get pods{kubectl_ns(ns)} --show-labels")
        return Finding(
            analyzer=self.name, object=ref(policy), severity=Severity.WARNING,
            symptom=f"NetworkPolicy {name} has no effect: it selects 0 pods",
            root_cause=root,
            evidence=[Evidence(source="spec", text=f"podSelector: {describe_selector(selector)}"),
                      Evidence(source="pods", text=f"0 of {len(pods.by_namespace.get(ns, []))} pods in {ns} match")],
            fix=Fix(description="Fix the podSelector to match the pods' labels (the isolation you intended is not in force).",
                    commands=commands),
            confidence=0.85 if candidate else 0.7,
            related=[candidate] if candidate else [],
        )

    def _whole_namespace(self, policy: Obj, pod_count: int) -> Finding:
        """An empty podSelector selects every pod in the namespace; what that does depends on the rules."""
        ns, name = namespace_of(policy), name_of(policy)
        spec = policy.get("spec") or {}
        effects = []
        for policy_type, rules_key in (("Ingress", "ingress"), ("Egress", "egress")):
            if policy_type not in _policy_types(policy):
                continue
            rules = spec.get(rules_key) or []
            direction = "incoming" if policy_type == "Ingress" else "outgoing"
            if not rules:
                effects.append(f"denies all {direction} traffic of every pod in {ns} (default deny) except what "
                               "other NetworkPolicies allow")
            elif any(not r or r == {} for r in rules):
                effects.append(f"allows all {direction} traffic of every pod in {ns}, which cancels the isolation "
                               f"other policies add for {direction} traffic")
            else:
                effects.append(f"limits {direction} traffic of every pod in {ns} to its {len(rules)} rule(s)")
        return Finding(
            analyzer=self.name, object=ref(policy), severity=Severity.INFO,
            symptom=f"NetworkPolicy {name} applies to every pod in {ns}",
            root_cause=(f"NetworkPolicy {name} has an empty podSelector, so it selects all {pod_count} pod(s) of namespace "
                        f"{ns} (it does not allow traffic to all pods by itself): it {'; it '.join(effects)}. Policies "
                        "only add allowances: traffic a pod needs must be allowed by some policy"),
            evidence=[Evidence(source="spec", text=f"podSelector: {{}}, policyTypes {_policy_types(policy)}, ingress rules "
                                                   f"{len(spec.get('ingress') or [])}, egress rules {len(spec.get('egress') or [])}")],
            fix=Fix(description="Nothing to fix if this isolation is intended; allow needed traffic with further policies.",
                    commands=[f"kubectl describe networkpolicy {name}{kubectl_ns(ns)}"]),
            confidence=0.9,
        )

    def _denies_dns(self, state: ClusterState, policy: Obj, selected: list[Obj]) -> Finding:
        ns, name = namespace_of(policy), name_of(policy)
        failures = _dns_failures_in_logs(state, selected[:_LOG_PODS_SCANNED])
        egress = (policy.get("spec") or {}).get("egress") or []
        allowed = "; ".join(_describe_rule(r) for r in egress) or "no egress rules (all egress denied)"
        evidence = [Evidence(source="spec", text=f"NetworkPolicy {name}: policyTypes {_policy_types(policy)}, "
                                                 f"podSelector {describe_selector((policy.get('spec') or {}).get('podSelector'))}"),
                    Evidence(source="spec", text=f"egress allows: {allowed}; nothing to UDP/TCP port 53")]
        evidence += [Evidence(source=source, text=line) for source, line in failures[:3]]
        workloads = workloads_of(state, selected)
        owner_text = ", ".join(f"{w.kind} {w.name}" for w in workloads)
        symptom = ("pods fail to resolve host names (DNS lookups time out)" if failures
                   else f"NetworkPolicy {name} restricts egress without allowing DNS")
        root = (f"NetworkPolicy {name} restricts egress of {owner_text} but has no rule allowing DNS (UDP/TCP 53 to "
                "kube-dns in kube-system), so every name lookup is dropped"
                + (" — the pods' logs show the DNS failures" if failures else ""))
        rule = json.dumps(DNS_RULE)
        return Finding(
            analyzer=self.name, object=ref(policy), severity=Severity.CRITICAL if failures else Severity.WARNING,
            symptom=symptom, root_cause=root, evidence=evidence,
            fix=Fix(description="Add an egress rule to kube-dns (UDP and TCP 53) to the policy.",
                    commands=[f"kubectl patch networkpolicy {name}{kubectl_ns(ns)} --type json -p "
                              f"'[{{\"op\":\"add\",\"path\":\"/spec/egress/-\",\"value\":{rule}}}]'"],
                    patch=("spec:\n  egress:\n  - to:\n    - namespaceSelector:\n        matchLabels:\n"
                           "          kubernetes.io/metadata.name: kube-system\n      podSelector:\n"
                           "        matchLabels:\n          k8s-app: kube-dns\n    ports:\n    - protocol: UDP\n"
                           "      port: 53\n    - protocol: TCP\n      port: 53\n")),
            confidence=0.9 if failures else 0.75,
            related=list(workloads) + pod_refs(selected[:_LOG_PODS_SCANNED]),
        )


def _dns_allowed_for(pod: Obj, policies: list[Obj], namespace_labels: dict[str, dict[str, str]]) -> bool:
    """Policies are additive: DNS works if any Egress policy selecting the pod allows it."""
    ns = namespace_of(pod)
    labels = labels_of(pod)
    for policy in policies:
        if namespace_of(policy) != ns or "Egress" not in _policy_types(policy):
            continue
        if not selector_matches((policy.get("spec") or {}).get("podSelector"), labels):
            continue
        if any(_rule_allows_dns(rule, ns, namespace_labels) for rule in (policy.get("spec") or {}).get("egress") or []):
            return True
    return False


def _rule_allows_dns(rule: Obj, namespace: str | None, namespace_labels: dict[str, dict[str, str]]) -> bool:
    ports = rule.get("ports") or []
    if ports and not any(_port_allows_dns(p) for p in ports):
        return False
    peers = rule.get("to") or []
    if not peers:
        return True
    for peer in peers:
        if "ipBlock" in peer:
            return True
        ns_selector = peer.get("namespaceSelector")
        if ns_selector is None:
            if namespace == "kube-system":
                return True
            continue
        kube_system = namespace_labels.get("kube-system") or {"kubernetes.io/metadata.name": "kube-system"}
        if selector_matches(ns_selector, kube_system) and selector_matches(peer.get("podSelector"), {"k8s-app": "kube-dns"}):
            return True
    return False


def _port_allows_dns(port: Obj) -> bool:
    if "port" not in port or port["port"] in _DNS_PORTS:
        return True
    start, end = port.get("port"), port.get("endPort")
    return isinstance(start, int) and isinstance(end, int) and start <= 53 <= end


def _describe_rule(rule: Obj) -> str:
    ports = ", ".join(f"{p.get('protocol', 'TCP')}/{p.get('port', '*')}" for p in rule.get("ports") or []) or "all ports"
    peers = []
    for peer in rule.get("to") or []:
        if "ipBlock" in peer:
            peers.append(f"ipBlock {peer['ipBlock'].get('cidr')}")
        else:
            parts = []
            if "namespaceSelector" in peer:
                parts.append(f"namespaces {describe_selector(peer['namespaceSelector'])}")
            if "podSelector" in peer:
                parts.append(f"pods {describe_selector(peer['podSelector'])}")
            peers.append(" / ".join(parts))
    return f"to {', '.join(peers) or 'anywhere'} on {ports}"


def _dns_failures_in_logs(state: ClusterState, pods: list[Obj]) -> list[tuple[str, str]]:
    found = []
    for pod in pods:
        for c in (pod.get("spec") or {}).get("containers") or []:
            log = state.any_log(namespace_of(pod) or "", name_of(pod), c.get("name", ""))
            if not log:
                continue
            text, previous = log
            for line in text.splitlines():
                if _DNS_FAILURE.search(line):
                    suffix = " (previous)" if previous else ""
                    found.append((f"logs:{name_of(pod)}/{c.get('name')}{suffix}", line.strip()[:300]))
                    break
    return found
