"""Todo backend: a small FastAPI service used as the reference app for aiops-agent."""
