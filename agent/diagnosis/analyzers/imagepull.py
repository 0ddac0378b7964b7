"""Image pulls that fail: tag not found / not loaded into Minikube, registry auth, invalid names."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from agent.diagnosis.analyzers._pods import (
    ContainerView,
    Groups,
    container_events,
    container_json_path,
    container_patch,
    containers,
    event_evidence,
    events_with,
    ns_flag,
    owner_of,
    patch_command,
    pod_events,
    pod_names,
    related_pods,
    status_line,
    workload_arg,
)
from agent.diagnosis.analyzers.base import Analyzer, register
from agent.diagnosis.models import Evidence, Finding, Fix, ObjectRef, Severity
from agent.diagnosis.state import ClusterState

PULL_WAITING = ("ErrImagePull", "ImagePullBackOff", "InvalidImageName", "ErrImageNeverPull")
_AUTH = re.compile(
    r"401 Unauthorized|403 Forbidden|unauthorized|authentication required|denied: requested access"
    r"|no basic auth credentials|pull access denied",
    re.I,
)
_NOT_FOUND = re.compile(r"not found|NotFound|manifest unknown|repository does not exist|name unknown", re.I)
_NETWORK = re.compile(
    r"i/o timeout|no such host|connection refused|TLS handshake timeout|context deadline exceeded", re.I
)


@dataclass(frozen=True)
class ImageRef:
    registry: str  # "" for Docker Hub
    repository: str
    tag: str

    @classmethod
    def parse(cls, image: str) -> ImageRef:
        name, _, digest = image.partition("@")
        first, _, rest = name.partition("/")
        registry = first if rest and ("." in first or ":" in first or first == "localhost") else ""
        path = rest if registry else name
        repo, _, tag = path.rpartition(":") if ":" in path.rsplit("/", 1)[-1] else (path, "", "")
        return cls(registry if registry != "docker.io" else "", repo, tag or ("" if digest else "latest"))

    @property
    def local_looking(self) -> bool:
        """A bare name like `todo-backend:v9`: typically built locally, not pushed anywhere."""
        return not self.registry and "/" not in self.repository


def pull_policy(view: ContainerView, ref: ImageRef) -> str:
    """The effective imagePullPolicy: the spec's, else Always for :latest and IfNotPresent otherwise."""
    return view.spec.get("imagePullPolicy") or ("Always" if ref.tag == "latest" else "IfNotPresent")


def node_images(state: ClusterState) -> dict[str, set[str]]:
    """repository -> tags present on any node (from node.status.images)."""
    found: dict[str, set[str]] = {}
    for node in state.of_kind("Node"):
        for image in (node.get("status") or {}).get("images") or []:
            for name in image.get("names") or []:
                if "@" in name:
                    continue
                ref = ImageRef.parse(name)
                repo = ref.repository.removeprefix("library/")
                found.setdefault(repo, set()).add(ref.tag)
    return found


@register
class ImagePullAnalyzer(Analyzer):
    name = "imagepull"
    kinds = ("Pod", "Deployment", "StatefulSet", "DaemonSet")
    needs = {"Secret": "registry credentials of failing pulls"}
    keywords = (
        "image",
        "pull",
        "imagepullbackoff",
        "errimagepull",
        "invalidimagename",
        "registry",
        "tag",
        "manifest",
        "minikube",
        "docker",
        "load",
    )

    def analyze(self, state: ClusterState) -> list[Finding]:
        groups = Groups()
        for pod in state.of_kind("Pod"):
            for view in containers(pod, include_init=True):
                if view.waiting.get("reason") in PULL_WAITING:
                    groups.add(owner_of(state, pod), f"{view.name}|{view.image}", view)
        local = node_images(state) if groups else {}
        return [self._finding(state, owner, views, local) for owner, views in groups.items()]

    def _finding(
        self, state: ClusterState, owner: ObjectRef, views: list[ContainerView], local: dict[str, set[str]]
    ) -> Finding:
        view = views[0]
        events = container_events(pod_events(state, view.pod), view.name)
        failed = events_with(events, ("Failed", "InspectFailed"))
        text = "\n".join([view.waiting.get("message") or ""] + [e.get("message") or "" for e in failed])
        ref = ImageRef.parse(view.image)
        pods = [v.pod for v in views]
        who = (
            f"Pod {view.pod_name}"
            if len(pods) == 1
            else f"{len(pods)} pods of {workload_arg(owner)} ({pod_names(pods)})"
        )
        symptom = f"{who}: container {view.name} is in {view.waiting.get('reason')} for image {view.image}"
        evidence = [Evidence(source="status", text=status_line(view)), *event_evidence(failed, 2)]
        if view.waiting.get("reason") == "InvalidImageName" or "invalid reference format" in text:
            root, fix, confidence = self._invalid(owner, view)
        elif view.waiting.get("reason") == "ErrImageNeverPull":
            root, fix, confidence = self._not_local(owner, view, ref, local, never=True)
        elif ref.tag in local.get(ref.repository, set()) and pull_policy(view, ref) == "Always":
            root, fix, confidence = self._always_pulls_local(owner, view)
        elif _AUTH.search(text) and not (ref.local_looking and "repository does not exist" in text):
            root, fix, confidence, extra = self._auth(state, owner, view, ref, events)
            evidence.extend(extra)
        elif _NOT_FOUND.search(text) or (ref.local_looking and "pull access denied" in text):
            if ref.local_looking:
                root, fix, confidence = self._not_local(owner, view, ref, local, never=False)
            else:
                root, fix, confidence = self._missing_tag(owner, view, ref, local)
        elif _NETWORK.search(text):
            registry = ref.registry or "registry-1.docker.io"
            root = (
                f"The node cannot reach the registry {registry} to pull {view.image} (network or DNS failure "
                "on the node, not a problem with the image itself)."
            )
            fix = Fix(
                description="Check the node's connectivity to the registry, or load the image into Minikube.",
                commands=[f"minikube ssh -- curl -sI https://{registry}/v2/", f"minikube image load {view.image}"],
            )
            confidence = 0.7
        else:
            reported = text.strip().splitlines()[-1] if text.strip() else "no message"
            root = f"The image {view.image} cannot be pulled; the runtime reports: {reported}."
            fix = Fix(
                description="Check the image name and that the node can pull it.",
                commands=[f"kubectl describe pod {view.pod_name} {ns_flag(view.namespace)}"],
            )
            confidence = 0.5
        if not failed:
            confidence = min(confidence, 0.6)
        policy = pull_policy(view, ref)
        evidence.append(
            Evidence(source="spec", text=f"container {view.name} image: {view.image}, imagePullPolicy: {policy}")
        )
        return Finding(
            analyzer=self.name,
            object=owner,
            severity=Severity.CRITICAL,
            symptom=symptom,
            root_cause=root,
            evidence=evidence,
            fix=fix,
            confidence=confidence,
            related=related_pods(owner, pods),
        )

    def _invalid(self, owner: ObjectRef, view: ContainerView) -> tuple[str, Fix, float]:
        problems = []
        if view.image != view.image.lower():
            problems.append("repository names must be lowercase")
        if view.image.endswith(("/", ":")) or " " in view.image or "//" in view.image:
            problems.append("it has a trailing separator or whitespace")
        detail = f" ({'; '.join(problems)})" if problems else ""
        root = f"The image reference {view.image!r} is not a valid image name{detail}, so the kubelet never tries to pull it."
        fix = Fix(
            description="Set a valid image reference (lowercase repository, `name:tag`).",
            commands=[
                f"kubectl set image {workload_arg(owner)} {ns_flag(owner.namespace)} {view.name}={_clean(view.image)}"
            ],
        )
        return root, fix, 0.95

    def _not_local(
        self, owner: ObjectRef, view: ContainerView, ref: ImageRef, local: dict[str, set[str]], never: bool
    ) -> tuple[str, Fix, float]:
        tags = sorted(local.get(ref.repository, set()) - {ref.tag})
        policy = pull_policy(view, ref)
        root = (
            f"The image {view.image} is not in the Minikube node's image store"
            + (f" (the node has {ref.repository} with tag {', '.join(tags)}, not {ref.tag})" if tags else "")
            + (
                " and imagePullPolicy is Never, so the kubelet will not pull it."
                if never
                else f" and Docker Hub has no such public image: it was built on the host but not loaded into Minikube, "
                f"or the tag {ref.tag} is wrong."
            )
        )
        commands = [
            f"minikube image load {view.image}",
            f"eval $(minikube docker-env) && docker build -t {view.image} .",
        ]
        if tags:
            commands.append(
                f"kubectl set image {workload_arg(owner)} {ns_flag(owner.namespace)} "
                f"{view.name}={ref.repository}:{tags[-1]}"
            )
        if policy == "Always":
            commands.append(
                f"kubectl patch {workload_arg(owner)} {ns_flag(owner.namespace)} --type json -p '"
                + json.dumps(
                    [
                        {
                            "op": "replace",
                            "path": container_json_path(owner, view) + "/imagePullPolicy",
                            "value": "IfNotPresent",
                        }
                    ]
                )
                + "'"
            )
        description = (
            f"Load {view.image} into Minikube (or build it inside Minikube's Docker)"
            + (", or deploy a tag the node has" if tags else "")
            + (
                "; imagePullPolicy Always makes the kubelet pull from the registry even when the image is "
                "loaded locally, so set it to IfNotPresent."
                if policy == "Always"
                else "."
            )
        )
        return root, Fix(description=description, commands=commands), 0.85

    def _always_pulls_local(self, owner: ObjectRef, view: ContainerView) -> tuple[str, Fix, float]:
        explicit = (
            "imagePullPolicy: Always"
            if view.spec.get("imagePullPolicy")
            else "the default imagePullPolicy for :latest (Always)"
        )
        root = (
            f"The node already has {view.image} (loaded into Minikube), but {explicit} makes the kubelet pull it from "
            "the registry anyway, where no such public image exists."
        )
        patch = container_patch(owner, view.name, {"imagePullPolicy": "IfNotPresent"}, view.init)
        fix = Fix(
            description="Set imagePullPolicy: IfNotPresent (or Never) so the kubelet uses the image loaded into "
            "Minikube; better, give local builds an explicit tag instead of :latest.",
            commands=[patch_command(owner, patch)],
        )
        return root, fix, 0.9

    def _missing_tag(
        self, owner: ObjectRef, view: ContainerView, ref: ImageRef, local: dict[str, set[str]]
    ) -> tuple[str, Fix, float]:
        registry = ref.registry or "Docker Hub"
        tags = sorted(local.get(ref.repository, set()))
        root = (
            f"The image {view.image} does not exist in {registry}: the tag {ref.tag} was never pushed or the "
            "repository name is wrong" + (f" (the node has tags {', '.join(tags)})" if tags else "") + "."
        )
        fix = Fix(
            description=f"Push {view.image} to {registry}, or deploy a tag that exists.",
            commands=[
                f"docker push {view.image}",
                f"kubectl set image {workload_arg(owner)} {ns_flag(owner.namespace)} "
                f"{view.name}={ref.registry + '/' if ref.registry else ''}{ref.repository}:<existing-tag>",
            ],
        )
        return root, fix, 0.85

    def _auth(
        self, state: ClusterState, owner: ObjectRef, view: ContainerView, ref: ImageRef, events: list[dict]
    ) -> tuple[str, Fix, float, list[Evidence]]:
        registry = ref.registry or "docker.io"
        ns = view.namespace
        secrets = [s.get("name", "") for s in (view.pod.get("spec") or {}).get("imagePullSecrets") or []]
        evidence = [Evidence(source="spec", text=f"imagePullSecrets: {', '.join(secrets) or 'none'}")]
        evidence.extend(event_evidence(events_with(events, ("FailedToRetrieveImagePullSecret",)), 1))
        create = (
            f"kubectl create secret docker-registry {{name}} {ns_flag(ns)} --docker-server={registry} "
            "--docker-username=<user> --docker-password=<token>"
        )
        missing = [s for s in secrets if "Secret" in state.kinds_read and state.get("Secret", ns, s) is None]
        if missing:
            root = (
                f"The pull from the private registry {registry} is unauthorized: the imagePullSecret "
                f"{missing[0]} does not exist in namespace {ns}, so the kubelet pulls without credentials."
            )
            fix = Fix(
                description=f"Create the registry Secret {missing[0]} in namespace {ns}.",
                commands=[create.format(name=missing[0])],
            )
            return root, fix, 0.9, evidence
        if secrets:
            secret = state.get("Secret", ns, secrets[0]) or {}
            kind = secret.get("type", "")
            wrong_type = kind and kind != "kubernetes.io/dockerconfigjson"
            root = (
                f"The registry {registry} rejects the credentials in the imagePullSecret {secrets[0]}"
                + (
                    f": the Secret has type {kind}, not kubernetes.io/dockerconfigjson"
                    if wrong_type
                    else " (wrong or expired token, or a different --docker-server)"
                )
                + "."
            )
            fix = Fix(
                description=f"Recreate {secrets[0]} with valid credentials for {registry}.",
                commands=[f"kubectl delete secret {secrets[0]} {ns_flag(ns)}", create.format(name=secrets[0])],
            )
            return root, fix, 0.8, evidence
        root = (
            f"The image {view.image} is in the private registry {registry} and the pod has no imagePullSecrets, "
            "so the pull is unauthorized."
        )
        fix = Fix(
            description=f"Create a docker-registry Secret for {registry} and reference it from the pod spec "
            "(or the namespace's default ServiceAccount).",
            commands=[
                create.format(name="regcred"),
                f"kubectl patch serviceaccount default {ns_flag(ns)} -p "
                + "'"
                + json.dumps({"imagePullSecrets": [{"name": "regcred"}]})
                + "'",
                f"kubectl rollout restart {workload_arg(owner)} {ns_flag(ns)}",
            ],
        )
        return root, fix, 0.85, evidence


def _clean(image: str) -> str:
    name = image.strip().rstrip("/:").replace("//", "/")
    repo, sep, tag = name.rpartition(":") if ":" in name.rsplit("/", 1)[-1] else (name, "", "")
    return repo.lower() + (sep + tag if sep else "")
