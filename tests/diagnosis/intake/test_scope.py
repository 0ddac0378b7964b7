"""Question scope: which namespace a question names, and that attached files are always read."""

from __future__ import annotations

import pytest

from agent.diagnosis.intake.context import HEADING
from agent.providers.base import Message
from agent.providers.builtin import BuiltinProvider, namespace_in
from agent.providers.base import ToolSpec


@pytest.mark.parametrize(("question", "namespace"), [
    ("ClickHouse in the clickhouse namespace cannot reach kafka in the posthog namespace", "clickhouse"),
    ("the monitoring namespace is empty, why?", "monitoring"),
    ("pods in namespace shop crash", "shop"),
    ("what is wrong in the \"payments\" ns?", "payments"),
    ("why is web failing -n prod", "prod"),
    ("the namespace cannot be deleted", None),  # English next to "namespace" is not a name
    ("why is my pod -o wide output empty", None),
])
def test_namespace_in_question(question, namespace):
    assert namespace_in(question) == namespace


def test_builtin_reads_attached_files_whatever_the_question_says():
    diagnose = ToolSpec(name="diagnose", description="d", parameters={"type": "object"})
    system = Message(role="system", content=f"prompt\n\n{HEADING}\n(1 file(s) attached; read by the diagnose tool)")
    # "did not help" reads like a help request, and nothing in it is a cluster word
    question = Message(role="user", content="raising the heap did not help, what does this mean?")
    reply = BuiltinProvider().chat([system, question], [diagnose])
    assert [c.name for c in reply.message.tool_calls] == ["diagnose"]
    without = BuiltinProvider().chat([Message(role="system", content="prompt"), question], [diagnose])
    assert not without.message.tool_calls
