"""Shared by the stand-ins: append this invocation's argv to $STANDIN_ARGV_LOG (one JSON list per line)."""

import json
import os
import sys


def record(program: str) -> None:
    log = os.environ.get("STANDIN_ARGV_LOG")
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(json.dumps([program, *sys.argv[1:]]) + "\n")


def mode(variable: str) -> str:
    return os.environ.get(variable, "ok")
