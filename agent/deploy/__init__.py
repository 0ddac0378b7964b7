"""`agent deploy`: from source to a healthy Helm release, and `agent cluster` (Minikube).

`plan.py` builds the complete plan (what `--dry-run` prints), `workflow.py` runs
it step by step through the approval gate with a PHR per step, `smoke.py` checks
readiness and health endpoints, `minikube.py` and `capacity.py` look after the
cluster.
"""
