"""Intake: every attached text becomes typed evidence, nothing is thrown away.

    normalize  -> undo Markdown quoting, fences, indentation, CRLF, foreign prompts
    signals    -> events, container states, exit codes, get rows, tool errors, log lines
    subject    -> which object the evidence is about (paste, else question, else "the workload in question")
    findings   -> failure-signature hits (agent.diagnosis.knowledge) and honest fallbacks, as Findings
    context    -> what a model is shown: the attachments, redacted and trimmed to a token budget
"""

from __future__ import annotations

from agent.diagnosis.intake.evidence import EvidenceLine, Intake, Subject
from agent.diagnosis.intake.normalize import normalize
from agent.diagnosis.intake.signals import read_lines, spec_facts
from agent.diagnosis.intake.subject import from_commands, from_lines, from_text


def read_texts(texts: dict[str, str]) -> Intake:
    """The evidence in raw pasted texts (file name -> text as read)."""
    intake = Intake()
    subject = Subject()
    for name, raw in texts.items():
        text = normalize(raw)
        intake.texts[name] = text
        intake.lines.extend(read_lines(text, name))
        for key, value in spec_facts(text).items():
            intake.spec.setdefault(key, value)
        from_commands(text, subject)
    for text in intake.texts.values():
        from_text(text, subject)
    from_lines(intake.lines, subject)
    intake.subject = subject
    return intake


__all__ = ["EvidenceLine", "Intake", "Subject", "normalize", "read_texts"]
