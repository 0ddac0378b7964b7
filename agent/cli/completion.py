"""`agent completion bash|zsh|fish`: the shell completion script, from Click's own completion support."""

from __future__ import annotations

import click

SHELLS = ("bash", "zsh", "fish")
INSTALL = {
    "bash": "agent completion bash > ~/.local/share/bash-completion/completions/agent",
    "zsh": 'agent completion zsh > "${fpath[1]}/_agent"',
    "fish": "agent completion fish > ~/.config/fish/completions/agent.fish",
}


@click.command("completion")
@click.argument("shell", type=click.Choice(SHELLS))
def command(shell: str) -> None:
    """Print the completion script for SHELL.

    \b
    bash:  agent completion bash > ~/.local/share/bash-completion/completions/agent
    zsh:   agent completion zsh > "${fpath[1]}/_agent"
    fish:  agent completion fish > ~/.config/fish/completions/agent.fish
    """
    from click.shell_completion import get_completion_class

    from agent.cli import cli

    completion = get_completion_class(shell)
    assert completion is not None, shell  # Click ships bash, zsh and fish
    click.echo(completion(cli, {}, "agent", "_AGENT_COMPLETE").source())
