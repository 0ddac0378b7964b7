"""Deploy tests reuse the operations fixtures (the kmock API server, settings pointing at it) and the Docker
fixtures (a running dockerd, the local base image)."""

from tests.docker.conftest import docker_client, python_base_image  # noqa: F401  (fixtures)
from tests.operate.conftest import api_server, ops_settings  # noqa: F401  (fixtures)
