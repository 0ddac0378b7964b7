"""The literal prefilter must never reject a line its regex would match."""

from __future__ import annotations

import re

from agent.diagnosis import knowledge
from agent.diagnosis.knowledge.literals import required_literal
from agent.diagnosis.knowledge.schema import Example


def test_literal_extraction_on_tricky_patterns() -> None:
    assert required_literal(r'Failed to pull image "(?P<image>[^"]+)"') == ('Failed to pull image "', False)
    assert required_literal(r"(?i)waiting for a volume to be created,? either by") == ("waiting for a volume to be created", True)
    assert required_literal(r"secrets? \"x\" not found") == (' "x" not found', False)  # the optional "s" ends a run
    assert required_literal(r"a|b") is None  # top-level alternation
    assert required_literal(r"\d+/\d+ nodes are available") == (" nodes are available", False)
    assert required_literal(r"node\(s\) had taint \{node") == ("node(s) had taint {node", False)
    assert required_literal(r"ab") is None  # too short to be worth it


def test_every_pattern_literal_is_in_every_line_the_pattern_matches() -> None:
    lines = []
    for sig in knowledge.signatures():
        for ex in [*sig.examples.match, *sig.examples.no_match]:
            lines.append(ex.text if isinstance(ex, Example) else ex)
    checked = 0
    for sig in knowledge.signatures():
        for pattern in sig.match.message or ():
            found = required_literal(pattern)
            if found is None:
                continue
            literal, ignorecase = found
            regex = re.compile(pattern)
            for line in lines:
                if regex.search(line):
                    checked += 1
                    assert literal in (line.lower() if ignorecase else line), (sig.id, pattern, literal, line)
    assert checked > 300
