"""Kubernetes resource quantities (`512Mi`, `250m`, `1.5Gi`, `2`) in base units and back."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

UNITS: dict[str, float] = {
    "n": 1e-9, "u": 1e-6, "m": 1e-3,
    "k": 1000, "K": 1000, "M": 1000**2, "G": 1000**3, "T": 1000**4, "P": 1000**5, "E": 1000**6,
    "Ki": 1024, "Mi": 1024**2, "Gi": 1024**3, "Ti": 1024**4, "Pi": 1024**5, "Ei": 1024**6,
}
_EXACT: dict[str, Decimal] = {"n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("1e-3"),
                              **{k: Decimal(int(v)) for k, v in UNITS.items() if v >= 1}}
MEMORY_LIKE = ("memory", "storage", "ephemeral-storage")
_QUANTITY = re.compile(r"\s*([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)\s*([A-Za-z]*)\s*")


def parse_quantity(value: Any) -> float | None:
    """`512Mi` -> 536870912; `0.5` -> 0.5; `250m` -> 0.25; `100n` -> 1e-07; None when absent or unparsable."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    return _parse(value, 1)


def _parse(value: Any, scale: int) -> float | None:
    """Exact decimal arithmetic, so `15000000n` is 15 millicores, not 15.000000000000002."""
    match = _QUANTITY.fullmatch(str(value))
    if not match or (match.group(2) and match.group(2) not in UNITS):
        return None
    try:
        number = Decimal(match.group(1))
    except InvalidOperation:
        return None
    return float(number * _EXACT.get(match.group(2), Decimal(1)) * scale)


def quantity(value: Any) -> float:
    """A quantity in base units (cores, bytes); 0 when absent or unparsable."""
    return parse_quantity(value) or 0.0


def cpu_millicores(value: Any) -> float:
    """`250m` -> 250; `1` -> 1000; `15000000n` -> 15. ValueError when it is not a quantity."""
    parsed = _parse(value, 1000) if not isinstance(value, (int, float)) else float(value) * 1000
    if parsed is None:
        raise ValueError(f"not a CPU quantity: {value!r}")
    return parsed


def memory_bytes(value: Any) -> int:
    """`256Mi` -> 268435456; `1G` -> 10**9. ValueError when it is not a quantity."""
    parsed = parse_quantity(value)
    if parsed is None:
        raise ValueError(f"not a memory quantity: {value!r}")
    return int(parsed)


def format_bytes(value: float) -> str:
    """536870912 -> `512Mi`; the largest binary unit that gives a whole number, else Mi rounded up."""
    for unit in ("Ti", "Gi", "Mi", "Ki"):
        size = UNITS[unit]
        if value >= size and value % size == 0:
            return f"{int(value // size)}{unit}"
    mi = value / UNITS["Mi"]
    return f"{int(-(-mi // 1))}Mi"


def format_quantity(resource: str, value: float) -> str:
    """A base-unit amount the way a user writes it for this resource (`768Mi`, `1.5Gi`, `250m`)."""
    if resource.split(".")[-1] in MEMORY_LIKE:
        if abs(value) >= 2**30:
            return f"{value / 2**30:.1f}".removesuffix(".0") + "Gi"
        if abs(value) >= 2**20:
            return f"{round(value / 2**20)}Mi"
        if abs(value) >= 2**10:
            return f"{round(value / 2**10)}Ki"
        return f"{int(value)}"
    if resource.split(".")[-1] == "cpu":
        return f"{round(value * 1000)}m" if value != int(value) else f"{int(value)}"
    return f"{value:g}"
