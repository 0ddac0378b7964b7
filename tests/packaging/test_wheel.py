"""The wheel, installed as `pipx` or `uv tool install` would: a fresh venv, default dependencies, run outside the repo.

The editable checkout hides files that live outside the package (the TUI's TCSS, prompt templates); only an
installed wheel shows whether everything the program reads at run time ships with it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = ROOT / "tests" / "scenarios" / "crashloop-missing-env"

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("wheel")]


def _clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k != "PYTHONPATH" and not k.startswith(("AGENT_", "OPENAI_", "ANTHROPIC_", "VIRTUAL_ENV"))}
    env.update(XDG_CONFIG_HOME=str(home / "xdg"), XDG_STATE_HOME=str(home / "state"), HOME=str(home),
               KUBECONFIG=str(home / "no-kubeconfig"))
    return env


class Installed:
    def __init__(self, venv: Path, home: Path) -> None:
        self.venv, self.home = venv, home
        self.env = _clean_env(home)

    def run(self, *argv: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
        program = argv[0] if argv[0].startswith("/") else str(self.venv / "bin" / argv[0])
        return subprocess.run([program, *argv[1:]], capture_output=True, text=True, cwd=self.home, env=self.env,
                              timeout=timeout, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
                   check=True, capture_output=True, text=True, timeout=600)
    wheels = list(dist.glob("kube_aiops_agent-*.whl"))
    assert len(wheels) == 1, f"expected one wheel, built {[w.name for w in dist.iterdir()]}"
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    home = work / "home"
    home.mkdir()
    # a clean environment: with PYTHONPATH on the checkout, pip would take its egg-info for an installed copy
    install = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", str(wheels[0])],
                             capture_output=True, text=True, timeout=1200, env=_clean_env(home), cwd=home)
    assert install.returncode == 0, install.stderr[-3000:]
    return Installed(venv, home)


def test_version_and_help_run_from_the_wheel(installed: Installed) -> None:
    version = installed.run("agent", "--version")
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("agent, version ")
    assert installed.run("agent", "--help").returncode == 0


def test_offline_ask_answers_from_the_wheel(installed: Installed) -> None:
    answer = installed.run("agent", "ask", "--no-phr", "--snapshot", str(SCENARIO), "-n", "todo",
                           "why is the backend pod crashing?")
    assert answer.returncode == 0, answer.stderr
    assert "DATABASE_URL" in answer.stdout and "Traceback" not in answer.stderr


def test_prompt_templates_ship_in_the_wheel(installed: Installed) -> None:
    probe = textwrap.dedent("""
        from agent.loop import PROMPTS_DIR
        names = sorted(p.name for p in PROMPTS_DIR.glob("*.j2"))
        assert "system.md.j2" in names and "diagnosis.md.j2" in names, names
        assert "site-packages" in str(PROMPTS_DIR), PROMPTS_DIR
        print(len(names))
    """)
    result = installed.run("python", "-c", probe)
    assert result.returncode == 0, result.stderr


def test_generate_plan_runs_from_the_wheel(installed: Installed) -> None:
    plan = installed.run("agent", "generate", str(ROOT / "examples" / "todo-app"), "--plan", "--non-interactive")
    assert plan.returncode == 0, plan.stderr
    assert "backend" in plan.stdout and "frontend-web" in plan.stdout


def test_the_tui_starts_from_the_wheel(installed: Installed) -> None:
    probe = textwrap.dedent(f"""
        import asyncio, sys
        from pathlib import Path
        from agent.config import Settings
        from agent.tui.app import AgentApp

        async def main():
            app = AgentApp(Settings(snapshot=Path({str(SCENARIO)!r}), phr_dir=Path("phr")),
                           source_label="snapshot", deterministic=True)
            async with app.run_test(size=(80, 24)) as pilot:
                await pilot.pause()
                assert app.screen.query("#prompt"), "no prompt on the first screen"
            return app.return_code or 0

        sys.exit(asyncio.run(main()))
    """)
    result = installed.run("python", "-c", probe)
    assert result.returncode == 0, result.stderr[-3000:]


def test_optional_extras_stay_out_of_the_default_install(installed: Installed) -> None:
    probe = "import importlib.util as u; print(u.find_spec('helm_python'), u.find_spec('kubernetes_validate'))"
    result = installed.run("python", "-c", probe)
    assert result.stdout.split() == ["None", "None"], result.stdout
    report = installed.run("agent", "validate", str(ROOT / "charts" / "todo-app"), "--skip", "checkov")
    assert "skipped, the Helm SDK is not installed" in report.stdout
    assert "kube-aiops-agent[helm]" in report.stdout
