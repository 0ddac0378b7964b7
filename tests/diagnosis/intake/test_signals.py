"""Evidence lines from fragments: hand-written mirrors of the shapes real pastes have."""

from __future__ import annotations

from agent.diagnosis.intake import read_texts
from agent.diagnosis.intake.normalize import normalize
from agent.diagnosis.intake.signals import read_lines


def kinds(text: str) -> list[tuple]:
    return [(e.kind, e.reason, e.exit_code, e.state) for e in read_lines(normalize(text)) if e.failure]


def test_describe_excerpt_without_name_gives_states_and_exit_code():
    excerpt = ("    Last State:     Terminated\n"
               "      Reason:       Error\n"
               "      Exit Code:    1\n"
               "    Ready:          False\n")
    found = kinds(excerpt)
    assert ("state", "Error", 1, "terminated") in found
    assert ("exit", None, 1, "terminated") in found


def test_events_rows_without_header_and_get_events_rows():
    rows = ("  Warning  FailedMount  2m (x3 over 6m)  kubelet  MountVolume.SetUp failed for volume \"certs\" : "
            "secret \"web-tls\" not found\n"
            "5m          Warning   FailedScheduling   pod/db-0   0/3 nodes are available: 3 Insufficient memory.\n")
    lines = [e for e in read_lines(normalize(rows)) if e.kind == "event"]
    assert [(e.reason, e.object) for e in lines] == [("FailedMount", None), ("FailedScheduling", "pod/db-0")]
    assert lines[0].message.startswith("MountVolume.SetUp failed")
    assert lines[1].message.startswith("0/3 nodes are available")


def test_status_yaml_fragment_reason_and_exit_code():
    fragment = ("status:\n  containerStatuses:\n  - name: app\n    lastState:\n      terminated:\n"
                "        exitCode: 137\n        reason: OOMKilled\n")
    found = kinds(fragment)
    assert ("exit", None, 137, "terminated") in found
    assert ("state", "OOMKilled", None, "terminated") in found


def test_headerless_get_row_tool_error_and_json_log_line():
    text = ("web-7d9f8c6b5-x2k4q   0/1   ImagePullBackOff   0   3m\n"
            "Error from server (Forbidden): pods is forbidden: User \"dev\" cannot list resource \"pods\"\n"
            '{"level":"error","ts":1700000000,"msg":"dial tcp 10.0.0.5:5432: connect: connection refused"}\n'
            "INFO starting server on :8080\n")
    lines = read_lines(normalize(text))
    assert [(e.kind, e.failure) for e in lines] == [("row", True), ("error", True), ("log", True), ("log", False)]
    assert lines[0].object == "pod/web-7d9f8c6b5-x2k4q"
    assert "connection refused" in lines[2].message


def test_subject_from_command_describe_and_events():
    intake = read_texts({"a.txt": "PS C:\\> kubectl logs api-6c9f-abcde -n shop -c server\npanic: boom\n"})
    assert (intake.subject.name, intake.subject.namespace, intake.subject.container) == ("api-6c9f-abcde", "shop", "server")
    intake = read_texts({"e.txt": "Warning  BackOff  1m  kubelet  Back-off restarting failed container\n"})
    assert intake.subject.name is None and intake.subject.label() == "the workload in question"
    intake = read_texts({"g.txt": "LAST SEEN  TYPE  REASON  OBJECT  MESSAGE\n2m  Warning  Failed  pod/web-1  Error: x\n"})
    assert intake.subject.name == "web-1"


def test_flag_values_are_never_object_names():
    intake = read_texts({"a.txt": "$ kubectl get pods -o wide\nNAME  READY  STATUS  RESTARTS  AGE\n"})
    assert intake.subject.name is None
    intake = read_texts({"a.txt": "$ kubectl describe pod -n prod web-0\n"})
    assert (intake.subject.name, intake.subject.namespace) == ("web-0", "prod")


def test_spec_facts_the_text_shows_are_read_from_yaml_describe_and_json():
    from agent.diagnosis.intake.signals import spec_facts

    yaml_fragment = ("  containers:\n    - resources:\n        limits:\n          cpu: '1'\n          memory: 256Mi\n"
                     "        requests:\n          memory: 64Mi\n")
    assert spec_facts(yaml_fragment) == {"limits.cpu": "1", "limits.memory": "256Mi", "requests.memory": "64Mi"}
    describe = "    Limits:\n      memory:  512Mi\n    Requests:\n      cpu:        250m\n    Environment:  <none>\n"
    assert spec_facts(describe) == {"limits.memory": "512Mi", "requests.cpu": "250m"}
    assert spec_facts('"resources": {"requests": {"memory": "128Mi"}}') == {"requests.memory": "128Mi"}
    assert spec_facts("Reason: OOMKilled\nExit Code: 137\n") == {}  # nothing shown, nothing claimed
