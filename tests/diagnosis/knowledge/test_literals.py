"""The literal prefilter must never reject a line its regex would match."""

from __future__ import annotations

import re

from agent.diagnosis import knowledge
from agent.diagnosis.knowledge.literals import required_literals
from agent.diagnosis.knowledge.schema import Example


def test_literal_extraction_on_tricky_patterns() -> None:
    lit = required_literals
    assert lit(r'Failed to pull image "(?P<image>[^"]+)"') == (('Failed to pull image "',), False)
    assert lit(r"(?i)waiting for a volume to be created,? either by") == (("waiting for a volume to be created",), True)
    assert lit(r"secrets? \"x\" not found") == ((' "x" not found',), False)  # the optional "s" ends a run
    assert lit(r"\d+/\d+ nodes are available") == ((" nodes are available",), False)
    assert lit(r"node\(s\) had taint \{node") == (("node(s) had taint {node",), False)
    assert lit(r"ab") is None  # too short to be worth it
    # alternation: a literal from every branch, any one of which lets a line through
    assert lit(r"WRONGPASS invalid|NOAUTH Authentication required") == (("WRONGPASS invalid", "NOAUTH Authentication required"), False)
    assert lit(r"abcdef|x") is None  # one branch has no usable literal
    # a required group is looked into; an optional group or a lookahead is not
    assert lit(r"(?P<what>APPLICATION FAILED TO START)") == (("APPLICATION FAILED TO START",), False)
    assert lit(r"(?:optional text)? ab") is None  # the group is optional, " ab" too short
    assert lit(r"^(?!.*pull access denied)(?:.*\s)?denied: requested") == (("denied: requested",), False)


def test_every_pattern_literal_is_in_every_line_the_pattern_matches() -> None:
    lines = []
    for sig in knowledge.signatures():
        for ex in [*sig.examples.match, *sig.examples.no_match]:
            lines.append(ex.text if isinstance(ex, Example) else ex)
    checked = 0
    for sig in knowledge.signatures():
        for pattern in sig.match.message or ():
            found = required_literals(pattern)
            if found is None:
                continue
            literals, ignorecase = found
            regex = re.compile(pattern)
            for line in lines:
                if regex.search(line):
                    checked += 1
                    hay = line.lower() if ignorecase else line
                    assert any(x in hay for x in literals), (sig.id, pattern, literals, line)
    assert checked > 300


def test_the_literal_index_finds_the_same_hits_as_visiting_every_signature() -> None:
    from agent.diagnosis.knowledge import EvidenceLine, _compiled
    from agent.diagnosis.knowledge.matcher import match_line

    catalogue = _compiled()
    every = list(catalogue)  # a plain list: no index, every signature is visited
    for sig in knowledge.signatures():
        for ex in [*sig.examples.match, *sig.examples.no_match]:
            ex = ex if isinstance(ex, Example) else Example(text=ex)
            line = EvidenceLine(text=ex.text, reason=ex.reason, exit_code=ex.exit_code, state=ex.state)
            assert [h.id for h in match_line(catalogue, line)] == [h.id for h in match_line(every, line)], ex.text
