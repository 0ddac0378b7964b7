"""The machinery under every tool call: the one invocation path (`invoke`), and the typed seams it
needs (the gate and the recorder as Protocols)."""
