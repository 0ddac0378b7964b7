"""Pod and container state, on status blocks as `kubectl get pod -o json` prints them."""

from agent.kube import pods

CRASHING = {"name": "api", "restartCount": 5, "ready": False,
            "state": {"waiting": {"reason": "CrashLoopBackOff",
                                  "message": "back-off 2m40s restarting failed container=api pod=api-7d9f"}},
            "lastState": {"terminated": {"exitCode": 1, "reason": "Error"}}}
PULLING = {"name": "web", "restartCount": 0, "ready": False,
           "state": {"waiting": {"reason": "ImagePullBackOff",
                                 "message": 'Back-off pulling image "nginx:1.27-typo"'}}}
OOM = {"name": "worker", "restartCount": 2, "ready": True, "state": {"running": {}},
       "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled"}}}
STARTING = {"name": "db", "restartCount": 0, "ready": False, "state": {"waiting": {"reason": "ContainerCreating"}}}


def test_one_failing_check_for_every_kind_of_failure():
    crash, image, oom = (pods.container_failure(cs) for cs in (CRASHING, PULLING, OOM))
    assert (crash.reason, crash.family, crash.waiting) == ("CrashLoopBackOff", "crash", True)
    assert (image.reason, image.family) == ("ImagePullBackOff", "image")
    # running again, but its last run was killed for memory: still failing, and why
    assert (oom.reason, oom.family, oom.exit_code, oom.waiting) == ("OOMKilled", "oom", 137, False)
    assert pods.container_failure(STARTING) is None


def test_crashing_means_the_process_ran():
    assert pods.is_crashing(CRASHING) and pods.is_crashing(OOM)
    assert not pods.is_crashing(PULLING)  # never started: no logs to expect
    assert pods.waiting_to_restart(CRASHING) and not pods.waiting_to_restart(PULLING)


def test_status_words():
    assert pods.is_failing_reason("Init:CrashLoopBackOff")
    assert pods.is_failing_reason("Evicted")
    assert not pods.is_failing_reason("ContainerCreating")
    assert not pods.is_failing_reason("Completed")
    pod = {"status": {"phase": "Running", "containerStatuses": [OOM, CRASHING]}}
    assert pods.status_word(pod, ("CrashLoopBackOff", "OOMKilled", "Error")) == "CrashLoopBackOff"
    init = {"status": {"phase": "Pending", "initContainerStatuses": [{"name": "migrate", "state": {
        "waiting": {"reason": "CrashLoopBackOff"}}}]}}
    assert pods.status_word(init) == "Init:CrashLoopBackOff"


def test_ready_and_finished():
    ready = {"status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True"}]}}
    assert pods.is_pod_ready(ready) and not pods.is_finished(ready)
    assert pods.is_finished({"status": {"phase": "Succeeded"}})
    assert not pods.is_pod_ready({"status": {"phase": "Pending"}})
