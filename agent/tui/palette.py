"""The command palette (Ctrl+P) offers the slash commands, so the palette and the prompt have the same actions.

Each command is one entry (`/namespace NS`); a command that needs a value puts `/namespace ` in the prompt for
it, the others run. The values the session knows are entries too (`/provider openai`, `/context kind-dev`,
`/namespace all`) and run at once. Everything runs through the same path as text typed at the prompt.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider

from agent.tui.slash import SLASH_COMMANDS, usage


class SlashCommands(Provider):
    def _entries(self) -> list[tuple[str, str, Callable[[], None]]]:
        """(what the palette shows, its help, what selecting it does)."""
        from agent.providers.names import PROVIDERS
        from agent.tui.choices import kube_contexts

        app = self.app
        entries = []
        for name, spec in SLASH_COMMANDS.items():
            action = partial(app.fill_prompt, f"/{name} ") if spec.needs_argument else partial(app.submit, f"/{name}")
            entries.append((usage(name), spec.help, action))
        values = {"provider": [*PROVIDERS, "auto"], "namespace": ["all"],
                  "context": kube_contexts(app.session.settings)[0]}
        for name, choices in values.items():
            for value in choices:
                entries.append((f"/{name} {value}", SLASH_COMMANDS[name].help, partial(app.submit, f"/{name} {value}")))
        return entries

    async def discover(self) -> Hits:
        for shown, help_text, action in self._entries():
            yield DiscoveryHit(shown, action, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for shown, help_text, action in self._entries():
            score = matcher.match(shown)
            if score > 0:
                yield Hit(score, matcher.highlight(shown), action, help=help_text)
