"""Operating a running app: apply with dry run and diff, Helm release operations, scale, restart, logs,
port-forward and events. Every mutation goes through the approval gate and writes a PHR (`mutation.py`)."""
