"""Static classification of command lines: would running this change anything?

The answer comes from parsing the command line the way a POSIX shell does, never
from what a model says about it. Anything the parser cannot vouch for (pipes,
command lists, substitutions, redirections, unknown programs, plugins) is
`unknown`, which the approval gate treats like a write. Deleting namespaces,
cluster-scoped objects, PVCs and Secrets also yields `confirm_text`: the word
the user must type back.

Modules: `models` (the result), `shell` (one plain command or more), `wrappers`
(env/sudo/watch/xargs prefixes), `flags` (the flag walker), `kinds`, `confirm`
(destructive and type-back rules), `invocation` (one call being classified),
`kubectl`, `helm`, `docker`, and `dispatch` (which ties them together).
"""

from agent.safety.confirm import BULK_DELETE_TOKEN, needs_typed_confirmation
from agent.safety.dispatch import KUBECTL_ALIASES, classify
from agent.safety.kinds import CLUSTER_SCOPED_KINDS, canonical_kind
from agent.safety.kubectl import KUBECTL_READ_VERBS, KUBECTL_VERBS
from agent.safety.models import CommandClass, Program, Target
from agent.safety.shell import UnsafeCommandLine, shell_words

__all__ = [
    "BULK_DELETE_TOKEN", "CLUSTER_SCOPED_KINDS", "KUBECTL_ALIASES", "KUBECTL_READ_VERBS", "KUBECTL_VERBS",
    "CommandClass", "Program", "Target", "UnsafeCommandLine", "canonical_kind", "classify",
    "needs_typed_confirmation", "shell_words",
]
