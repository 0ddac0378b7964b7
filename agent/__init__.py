"""aiops-agent: deploys and troubleshoots applications on Kubernetes through conversation."""

__version__ = "0.1.0"
