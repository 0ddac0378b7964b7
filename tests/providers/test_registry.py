"""make_provider builds providers by name; the offline path never imports an LLM SDK."""

from __future__ import annotations

import subprocess
import sys

import pytest

from agent.errors import ConfigError
from agent.providers.anthropic_provider import AnthropicProvider
from agent.providers.builtin import BuiltinProvider
from agent.providers.openai_provider import OpenAIProvider
from agent.providers.registry import make_provider


@pytest.mark.parametrize(("name", "cls"), [("builtin", BuiltinProvider), ("openai", OpenAIProvider),
                                           ("anthropic", AnthropicProvider)])
def test_make_provider_by_name(llm_settings, name, cls):
    provider = make_provider(name, llm_settings())
    assert isinstance(provider, cls)
    assert provider.name == name


def test_unknown_provider_is_a_config_error(llm_settings):
    with pytest.raises(ConfigError) as caught:
        make_provider("gemini", llm_settings())
    assert "openai, anthropic, ollama, builtin" in caught.value.hint


def test_builtin_chain_and_loop_do_not_import_llm_sdks(tmp_path):
    script = (
        "import sys\n"
        "from agent.config import Settings\n"
        "from agent.providers.chain import build_chain\n"
        "import agent.loop\n"
        "provider = build_chain(Settings(providers=['builtin']))\n"
        "assert provider.name == 'builtin', provider\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'openai', 'anthropic', 'langchain_core', 'langchain_openai', 'langchain_anthropic', 'httpx2'}))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=tmp_path,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
