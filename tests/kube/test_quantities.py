"""Quantities as `kubectl describe node` and the metrics API print them."""

import pytest

from agent.kube.quantities import cpu_millicores, format_bytes, format_quantity, memory_bytes, parse_quantity


@pytest.mark.parametrize(("text", "value"), [
    ("512Mi", 512 * 2**20), ("1.5Gi", 1.5 * 2**30), ("250m", 0.25), ("2", 2.0), ("1G", 1e9), ("128974848", 128974848.0),
    ("129e6", 129e6), (" 100Ki ", 102400.0), ("0.5", 0.5),
])
def test_parse_quantity(text, value):
    assert parse_quantity(text) == value


@pytest.mark.parametrize("text", ["", "lots", "5 GB", "12Qi", None])
def test_unparsable_quantities_give_none(text):
    assert parse_quantity(text) is None


def test_metrics_api_units():
    # metrics-server reports CPU in nanocores and memory in Ki
    assert cpu_millicores("15000000n") == 15.0
    assert cpu_millicores("250m") == 250.0
    assert memory_bytes("20444Ki") == 20444 * 1024
    with pytest.raises(ValueError):
        memory_bytes("a lot")


def test_rendering_back():
    assert format_bytes(512 * 2**20) == "512Mi"
    assert format_bytes(3 * 2**30) == "3Gi"
    assert format_quantity("memory", 768 * 2**20) == "768Mi"
    assert format_quantity("requests.memory", 1.5 * 2**30) == "1.5Gi"
    assert format_quantity("cpu", 0.25) == "250m"
