"""What the agent knows about Kubernetes objects as plain data: kinds and scopes, quantities,
label selectors, pod and container state, owners.

Every module here reads kubectl/API JSON (plain dicts) and imports nothing from the rest of the
agent, so diagnosis, operate, deploy, the TUI and the safety layer share one answer to
"which pods does this selector pick", "is this container failing" or "what owns this pod".
"""
