"""The smoke test's port-forward: a local port that something else already serves is not probed as our Service."""

from __future__ import annotations

import socket

import pytest

from agent.deploy.smoke import port_forward
from agent.errors import AgentError


def test_port_forward_refuses_a_local_port_that_is_already_in_use() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        busy = listener.getsockname()[1]
        with pytest.raises(AgentError, match=f"local port {busy} is already in use") as raised:
            with port_forward(None, "todo", "todo-app-backend", busy, 8000):
                pass
    assert "earlier port-forward" in raised.value.hint
