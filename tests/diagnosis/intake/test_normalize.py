"""Normalisation of pasted text: hand-written mirrors of how people paste kubectl output into issues and posts."""

from __future__ import annotations

from agent.diagnosis.intake.normalize import command_of, normalize


def test_markdown_quote_and_fence_are_removed_and_prompt_kept_as_command():
    pasted = (
        "> ```console\n"
        "> $ kubectl get pods -n shop\n"
        "> NAME                     READY   STATUS             RESTARTS   AGE\n"
        "> api-5d8f7b9c4-x2k4q      0/1     CrashLoopBackOff   6          8m\n"
        "> ```\n"
    )
    assert normalize(pasted) == (
        "$ kubectl get pods -n shop\n"
        "NAME                     READY   STATUS             RESTARTS   AGE\n"
        "api-5d8f7b9c4-x2k4q      0/1     CrashLoopBackOff   6          8m\n"
    )


def test_four_space_indented_block_with_crlf_is_dedented():
    pasted = "    Events:\r\n      Type     Reason   Age  From     Message\r\n      Warning  BackOff  1m   kubelet  Back-off\r\n"
    assert normalize(pasted).splitlines() == [
        "Events:", "  Type     Reason   Age  From     Message", "  Warning  BackOff  1m   kubelet  Back-off"]


def test_foreign_prompts_become_dollar_commands():
    assert command_of(r"PS C:\Users\dev> kubectl describe pod web-0") == "kubectl describe pod web-0"
    assert command_of("root@master:~# kubectl logs web-0 --previous") == "kubectl logs web-0 --previous"
    assert command_of("[ec2-user@ip-10-0-0-1 ~]$ k get po") == "kubectl get po"
    assert command_of("-> kubectl get events") == "kubectl get events"
    assert command_of("➜  ~ helm install db bitnami/postgresql") == "helm install db bitnami/postgresql"
    assert command_of("# kubectl get nodes") == "kubectl get nodes"
    assert command_of("> kubectl get svc") == "kubectl get svc"


def test_prose_and_comments_are_not_commands():
    assert command_of("# this pod keeps restarting") is None
    assert command_of("kubectl is v1.28 on this cluster") is None
    assert command_of("Warning  Failed  1m  kubelet  Error: ErrImagePull") is None


def test_elisions_html_framing_and_lone_prompts_are_dropped_other_lines_kept():
    pasted = "<details><summary>describe</summary>\n\n```\nName: web-0\n...\n  Reason: OOMKilled\n[...]\n$\n```\n</details>\n"
    assert normalize(pasted) == "Name: web-0\n\n  Reason: OOMKilled\n"


def test_a_single_powershell_prompt_line_is_not_taken_for_markdown_quoting():
    pasted = "> kubectl logs api-0\nError: connect ECONNREFUSED 10.96.0.12:5432\n"
    assert normalize(pasted) == "$ kubectl logs api-0\nError: connect ECONNREFUSED 10.96.0.12:5432\n"


def test_clean_kubectl_output_is_unchanged():
    clean = "Name:         web-0\nNamespace:    default\nStatus:       Running\n"
    assert normalize(clean) == clean
