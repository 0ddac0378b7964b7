"""Shell level: is a line one plain command, and what are its words?"""

from __future__ import annotations

import re
import shlex

from agent.errors import AgentError


class UnsafeCommandLine(AgentError):
    """The line uses shell syntax (pipes, lists, substitutions, redirections) or cannot be parsed."""

    def __init__(self, construct: str) -> None:
        super().__init__(
            f"the command line contains {construct}",
            hint="give one plain command without pipes, ';', '&&', '$(...)', backticks or redirections; "
                 "filter the output yourself instead of piping it",
        )
        self.construct = construct


def _shell_construct(line: str) -> tuple[str | None, int]:
    """The first construct that makes `line` more than one plain command, and where a comment starts."""
    quote: str | None = None
    word_start = True
    i = 0
    while i < len(line):
        c = line[i]
        if quote == "'":
            quote = None if c == "'" else quote
            i += 1
            continue
        if c == "\\":
            i += 2
            word_start = False
            continue
        if quote == '"':
            if c == '"':
                quote = None
            elif c == "`":
                return "command substitution (backticks)", len(line)
            elif line.startswith("$(", i):
                return "command substitution $(...)", len(line)
            i += 1
            continue
        construct = _unquoted_construct(line, i)
        if construct:
            return construct, len(line)
        if c == "#" and word_start:
            return None, i
        if c in "'\"":
            quote = c
        word_start = c.isspace()
        i += 1
    if quote:
        return "an unterminated quote", len(line)
    return None, len(line)


def _unquoted_construct(line: str, i: int) -> str | None:
    c, two = line[i], line[i:i + 2]
    if two == "$(":
        return "command substitution $(...)"
    if two in ("<(", ">("):
        return "process substitution"
    if c == "`":
        return "command substitution (backticks)"
    if two == "||":
        return "a command list '||'"
    if two == "&&":
        return "a command list '&&'"
    if c == "|":
        return "a pipe '|'"
    if c == ";":
        return "a command list ';'"
    if c == "&":
        return "a background job '&'"
    if two == "<<":
        return "a here-document '<<'"
    if c in "<>":
        return f"a redirection '{c}'"
    if c in "\r\n":
        return "several lines"
    if c in "()":
        return "a subshell '(...)'"
    return None


def shell_words(line: str) -> list[str]:
    """The words of one plain command, as a POSIX shell would split them.

    Raises `UnsafeCommandLine` when the line has pipes, lists, substitutions,
    redirections, several lines or unbalanced quotes.
    """
    line = re.sub(r"\\\r?\n", "", line).strip()
    construct, comment_at = _shell_construct(line)
    if construct:
        raise UnsafeCommandLine(construct)
    try:
        return shlex.split(line[:comment_at])
    except ValueError as exc:  # shlex's own quoting complaints
        raise UnsafeCommandLine(f"unparsable quoting ({exc})") from None


def simple_commands(line: str) -> list[list[str]]:
    """Best-effort split of a compound line into its simple commands (for the reason text only)."""
    lexer = shlex.shlex(line.replace("\n", " ; "), posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    try:
        tokens = list(lexer)
    except ValueError:
        return []
    segments: list[list[str]] = [[]]
    skip_next = False
    for index, token in enumerate(tokens):
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token.endswith("$") and following == "(":
            token = token[:-1]
        if token in ("|", "||", "&&", ";", "&", "|&", ";;", "(", ")"):
            segments.append([])
        elif set(token) <= set("<>&") and set(token) & set("<>"):
            skip_next = True
        elif skip_next:
            skip_next = False
        elif token:
            segments[-1].append(token)
    return [s for s in segments if s]
