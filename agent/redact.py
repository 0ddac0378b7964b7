"""Secret redaction: secrets never reach a PHR, a log line or an LLM prompt.

`redact(text)` replaces each secret with a marker naming its kind, e.g.
`[REDACTED:openai-key]`, and leaves everything else byte for byte. Rules are
precompiled regexes run in a fixed order: Kubernetes Secret `data`/`stringData`
blocks (YAML and JSON text) and PEM keys first, then token formats recognisable
on their own, then credentials in URLs and headers, then `key=value` style
assignments whose key names a secret. Values already redacted are never
matched again, so the function is idempotent. `redact_obj` does the same for
nested dicts and lists, using the keys (and `--flag value` pairs in argument
lists) as well as the string values.

Speed matters (tool output runs through here): each rule has needles and is
skipped when none occurs, and every pattern starts with a literal or a
lookahead on the first character, so the regex engine does not try a full
match at every position. About 1 MB of text takes well under a second.
"""

from __future__ import annotations

import re
from typing import Any, Callable

# Every marker starts with this; a marker is `[REDACTED:<kind>]`.
REDACTED = "[REDACTED"


def marker(kind: str) -> str:
    return f"[REDACTED:{kind}]"


# The last word of a key (env var, YAML/JSON key, CLI flag, header) that names a secret.
# `secretName`, `token_ttl`, `input_tokens`, `bypass`, `PWD` or a plain `key` do not end in one of these.
_KEY_KINDS = ("api", "secret", "private", "access", "auth", "account", "signing", "encryption", "master", "session",
              "client", "ssh")
# `<kind>key`, `<kind>_key`, `<kind>-key` written as "key" plus look-behinds, so that every word below starts
# with one of a few letters and the regex engine can skip most positions cheaply (see _SECRET_WORD_FIRST).
_KIND_KEY = "key(?:" + "|".join(f"(?<={kind}{sep}key)" for kind in _KEY_KINDS for sep in ("", "_", "-")) + ")"
_SECRET_WORD = (r"(?:password|passwd|passphrase|(?-i:(?<![a-z]))pass|(?<=[_-])pwd|secret|token"
                rf"|{_KIND_KEY}|key[_-]?data|credentials?)")
_SECRET_WORD_FIRST = "[cpkst]"
_KEY_RE = re.compile(rf"(?i)^[\w.-]*?(?P<word>{_SECRET_WORD})$")
# Values that are references or placeholders, not secrets.
_NOT_A_SECRET = re.compile(r"(?i)^(?:|true|false|null|none|\*+|<[^>]*>|\$\{[^}]*\}|\$[A-Z_][A-Z0-9_]*|\$\(.*"
                           r"|\{\{.*\}\}|\[REDACTED.*"
                           # code, not a value: os.environ["X"], get_password(), settings.db_password, str
                           r"|[A-Za-z_][\w]*(?:\.[A-Za-z_]\w*)*[(\[].*|[a-z_]+\.[a-z_][\w.]*"
                           r"|(?:str|bytes|int|bool|SecretStr|Optional|None)[,)]?)$")
# Inside Secret data only a placeholder is left as it is (a fix command's `<value>`, a template reference).
_PLACEHOLDER = re.compile(r"^(?:|<[^<>]*>|\$\{[^}]*\}|\{\{.*\}\})$")
# Keys that end in a secret word but hold the *name* of a Secret object (Helm's `existingSecret`).
_SECRET_NAME_KEY = re.compile(r"(?i)^existing[_-]?secret$")
# A command-line flag naming a secret, as one item of an argument list: ["--token", "abc"].
_SECRET_FLAG = re.compile(rf"(?i)^--?[\w-]*{_SECRET_WORD}$")


class _Rule:
    """A pattern, what replaces a match, and needles: the rule is skipped when none occurs in the text."""

    def __init__(self, pattern: str, replace: Callable[[re.Match[str]], str], needles: tuple[str, ...] = (),
                 *, lowered: bool = False, flags: int = 0) -> None:
        self.pattern = re.compile(pattern, flags)
        self.replace = replace
        self.needles = needles
        self.lowered = lowered  # needles are lower case and looked up in the lower-cased text

    def apply(self, text: str, lowered: str) -> str:
        haystack = lowered if self.lowered else text
        if self.needles and not any(needle in haystack for needle in self.needles):
            return text
        return self.pattern.sub(self.replace, text)


def _whole(kind: str) -> Callable[[re.Match[str]], str]:
    return lambda m: marker(kind)


def _group(kind: str, *groups: str) -> Callable[[re.Match[str]], str]:
    """Replace only the first named group that matched; keep the rest (key, user, host)."""
    names = groups or ("secret",)

    def replace(m: re.Match[str]) -> str:
        name = next((g for g in names if m.group(g) is not None), None)
        if name is None or _NOT_A_SECRET.match(m.group(name).strip()):
            return m.group(0)
        base, text = m.start(0), m.group(0)
        start, end = m.span(name)
        return text[: start - base] + marker(kind) + text[end - base:]

    return replace


def _mixed_token(kind: str) -> Callable[[re.Match[str]], str]:
    """Only tokens with upper case, lower case and digits: API keys are random, resource names are not."""

    def replace(m: re.Match[str]) -> str:
        token = m.group(0)
        if any(c.isupper() for c in token) and any(c.islower() for c in token) and any(c.isdigit() for c in token):
            return marker(kind)
        return token

    return replace


def _pem(m: re.Match[str]) -> str:
    label = m.group("label")
    end = m.group("end") or ""
    return f"-----BEGIN {label}-----{marker('private-key')}{end}"


def _kind_for_word(word: str) -> str:
    lowered = word.lower()
    if lowered.startswith("pass") or lowered == "pwd":
        return "password"
    if lowered == "token":
        return "token"
    if lowered.startswith("credential"):
        return "credentials"
    if "key" in lowered:
        return "api-key"
    return "secret"


_QUOTED = r"\"(?P<{0}dq>(?:[^\"\\\n]|\\.)*)\"|'(?P<{0}sq>[^'\n]*)'"
_VALUE_GROUPS = ("eq_dq", "eq_sq", "eq", "col_dq", "col_sq", "col")


def _assignment(m: re.Match[str]) -> str:
    key = _key_ending_at(m.string, m.end("word"))
    value = next((m.group(g) for g in _VALUE_GROUPS if m.group(g) is not None), "")
    # `password=password,` passes a variable along; `existingSecret: pg` names a Secret object
    if value.rstrip(",)") == key or _SECRET_NAME_KEY.match(key):
        return m.group(0)
    return _group(_kind_for_word(m.group("word")), *_VALUE_GROUPS)(m)


def _key_ending_at(text: str, end: int) -> str:
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_.-"):
        start -= 1
    return text[start:end].lstrip("-")


_PEM_BODY = r"[A-Za-z0-9+/=\s:,.\\-]"
_RULES: list[_Rule] = [
    # PEM private keys, in plain text or inside a JSON string (escaped newlines). A key cut short
    # by output truncation is hidden up to the first character a PEM body cannot hold.
    _Rule(rf"-----BEGIN (?P<label>[A-Z0-9 ]*PRIVATE KEY)-----(?!\[REDACTED)(?P<body>{_PEM_BODY}*?)"
          rf"(?:(?P<end>-----END (?P=label)-----)|(?=[^A-Za-z0-9+/=\s:,.\\-])|\Z)", _pem, ("PRIVATE KEY-----",)),
    _Rule(r"sk-ant-(?<!\wsk-ant-)[A-Za-z0-9_-]{20,}", _whole("anthropic-key"), ("sk-ant-",)),
    _Rule(r"sk-(?<!\wsk-)(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}", _mixed_token("openai-key"), ("sk-",)),
    _Rule(r"github_pat_(?<!\wgithub_pat_)[A-Za-z0-9_]{22,}", _whole("github-token"), ("github_pat_",)),
    _Rule(r"gh(?<!\wgh)[pousr]_[A-Za-z0-9]{30,}", _whole("github-token"), ("ghp_", "gho_", "ghu_", "ghs_", "ghr_")),
    _Rule(r"glpat-(?<!\wglpat-)[A-Za-z0-9_-]{20,}", _whole("gitlab-token"), ("glpat-",)),
    _Rule(r"A(?<!\wA)(?:KIA|SIA|GPA|IDA|ROA)[0-9A-Z]{16}\b", _whole("aws-access-key-id"),
          ("AKIA", "ASIA", "AGPA", "AIDA", "AROA")),
    _Rule(r"AIza(?<!\wAIza)[0-9A-Za-z_-]{35}", _whole("google-api-key"), ("AIza",)),
    _Rule(r"xox(?<!\wxox)[abposr]-[A-Za-z0-9-]{10,}", _whole("slack-token"), ("xox",)),
    _Rule(r"https://hooks\.slack\.com/services/[A-Za-z0-9/]+", _whole("slack-webhook"), ("hooks.slack.com",)),
    _Rule(r"(?=[sr]k_)(?<!\w)[sr]k_(?:live|test)_[A-Za-z0-9]{16,}", _whole("stripe-key"), ("k_live_", "k_test_")),
    _Rule(r"eyJ(?<!\weyJ)[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*", _whole("jwt"), ("eyJ",)),
    _Rule(r"npm_(?<!\wnpm_)[A-Za-z0-9]{36}\b", _whole("npm-token"), ("npm_",)),
    _Rule(r"hf_(?<!\whf_)[A-Za-z]{34}\b", _whole("huggingface-token"), ("hf_",)),
    _Rule(r"SG\.(?<!\wSG\.)[\w-]{22}\.[\w-]{43}", _whole("sendgrid-key"), ("SG.",)),
    _Rule(r"hv(?<!\whv)[sbr]\.[A-Za-z0-9_-]{20,}", _whole("vault-token"), ("hvs.", "hvb.", "hvr.")),
    _Rule(r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/\d+/[\w-]+", _whole("discord-webhook"),
          ("discord",)),
    _Rule(r"(?<![\w.-])[MNO][A-Za-z\d_-]{23,27}\.[\w-]{6}\.[\w-]{27,40}(?![\w.-])", _whole("discord-token"),
          (".",)),
    _Rule(r"(?:(?<![\w:])|(?<=bot))\d{8,10}:AA[\w-]{30,40}(?![\w-])", _whole("telegram-token"), (":AA",)),
    # Azure SAS (and other signed URLs): the signature is the secret
    _Rule(r"[?&](?:sig|X-Amz-Signature|X-Goog-Signature)=(?P<secret>[^&\s\"'<>]+)", _group("url-signature"),
          ("sig=", "signature="), lowered=True, flags=re.IGNORECASE),
    # .dockerconfigjson / .dockercfg values and the `auth` of a registry entry (base64 of user:password)
    _Rule(r"\.docker(?:configjson|cfg)[\"']?[ \t]*[:=][ \t]*[\"']?(?P<secret>[A-Za-z0-9+/=]{12,})",
          _group("docker-config"), (".docker",)),
    _Rule(r"\\?\"auth\\?\"[ \t]*:[ \t]*\\?\"(?P<secret>[A-Za-z0-9+/=]{4,})\\?\"", _group("docker-auth"), ("auth",)),
    # kubectl's last-applied-configuration annotation carries a full copy of a Secret's data
    _Rule(r"last-applied-configuration[\"']?[ \t]*:[ \t]*(?:[|>][-+]?[ \t]*\r?\n[ \t]*)?(?P<secret>[^\n]+)",
          lambda m: _last_applied(m), ("last-applied-configuration",)),
    # ["--token", "abc"]: a flag naming a secret and its value as separate items of a JSON array
    _Rule(rf"\"--?[\w-]*{_SECRET_WORD}\"[ \t]*,[ \t\r\n]*\"(?P<secret>(?:[^\"\\]|\\.)+)\"", _group("secret"),
          ("\"-",), flags=re.IGNORECASE),
    # scheme://user:password@host keeps user and host.
    _Rule(r"://[^\s:/@'\"\[\]]*:(?P<secret>[^\s@/'\"]+)@", _group("url-password"), ("://",)),
    _Rule(r"(?=[aA])\bauthorization[\"']?\s*[:=]\s*[\"']?(?:(?:bearer|basic|token|digest|apikey)\s+)?"
          r"(?P<secret>[^\s\"',;]+)", _group("authorization"), ("authorization",), lowered=True, flags=re.IGNORECASE),
    _Rule(r"(?=[bB])\b(?:bearer|basic)\s+(?P<secret>[A-Za-z0-9._~+/=-]{16,})", _group("authorization"),
          ("bearer", "basic"), lowered=True, flags=re.IGNORECASE),
    _Rule(r"(?=[aA])\baws_secret_access_key\s*[\"']?\s*[:=]\s*[\"']?(?P<secret>[A-Za-z0-9/+=]{40})",
          _group("aws-secret-key"), ("aws_secret_access_key",), lowered=True, flags=re.IGNORECASE),
    # Kubernetes env entries: `- name: DB_PASSWORD` then `value: ...`, in YAML and in JSON.
    _Rule(rf"name:(?<!\wname:)[ \t]*[\"']?[\w.-]*(?i:{_SECRET_WORD})[\"']?[ \t]*\r?\n"
          rf"[ \t+-]*(?:-[ \t]+)?value:[ \t]*(?:{_QUOTED.format('')}|(?P<plain>[^\s\"'#][^\n]*?))[ \t]*$",
          _group("env-value", "dq", "sq", "plain"), ("value:",), flags=re.MULTILINE),
    _Rule(rf"\"name\"\s*:\s*\"[\w.-]*{_SECRET_WORD}\"\s*,\s*\"value\"\s*:\s*\"(?P<secret>(?:[^\"\\]|\\.)*)\"",
          _group("env-value"), ("\"value\"",), lowered=True, flags=re.IGNORECASE),
    # key=value, key: value, "key": "value" where the key ends in a secret word (DB_PASSWORD,
    # apiKey, --docker-password). Matching starts at the secret word: far cheaper than at every key.
    _Rule(rf"(?={_SECRET_WORD_FIRST})(?P<word>{_SECRET_WORD})(?!\w)[\"']?(?:"
          rf"[ \t]*=[ \t]*(?:{_QUOTED.format('eq_')}|(?P<eq>[^\s\"'&;]+))"
          rf"|[ \t]*:[ \t]*(?:{_QUOTED.format('col_')}"
          r"|(?P<col>\$\{[^}\n]*\}|[^\s\"'\[{|>&*!](?:[^\s,}\]\"']|,(?=[^\s\"']))*)"
          r"(?=[ \t]*(?:,|[}\]]|[ \t]#|$))))",
          _assignment, flags=re.IGNORECASE | re.MULTILINE),
    # credentials given as command-line words: `curl -u user:pw`, `docker login -p pw`,
    # `mysql -pPW`, and .netrc's `login bob password pw`
    _Rule(r"curl(?<!\wcurl)\b[^\n]*?[ \t](?:-u|--user)[ \t]+[^\s:]+:(?P<secret>[^\s\"']+)", _group("password"),
          ("curl",)),
    _Rule(r"login(?<!\wlogin)\b[^\n]*?[ \t]-p[ \t]+(?P<secret>[^\s\-\"'][^\s\"']*)", _group("password"),
          ("login",)),
    _Rule(r"mysql(?<!\wmysql)(?:dump|admin)?\b[^\n]*?[ \t]-p(?P<secret>[^\s\-\"'][^\s\"']*)", _group("password"),
          ("mysql",)),
    _Rule(r"login(?<!\wlogin)[ \t]+\S+[ \t]+password[ \t]+(?P<secret>\S+)", _group("password"), ("login",)),
    # `DB_PASSWORD: hunter2 (rotated)`: a value followed by more text, when it does not read like a word
    _Rule(rf"(?={_SECRET_WORD_FIRST})(?P<word>{_SECRET_WORD})(?!\w)[\"']?[ \t]*[:=][ \t]*(?P<secret>[^\s\"'\[{{|>&*!,;<$(][^\s\"',;]*)"
          r"(?=[ \t]+\S)", lambda m: _wordy_value(m), flags=re.IGNORECASE),
    # --password hunter2 (a flag naming a secret, then its value as the next word)
    _Rule(rf"--(?<![\w-]--)[\w-]*{_SECRET_WORD}[ \t]+(?P<secret>[^\s\-\"'][^\s\"']*)", _group("secret"), ("--",),
          flags=re.IGNORECASE),
    # last: any long random-looking token no rule above knew (see _high_entropy for what is left alone)
    _Rule(r"(?<![\w/.:@=+-])[A-Za-z0-9+/_=-]{24,}(?![\w/.@-])", lambda m: _high_entropy(m)),
]


_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_HEX = re.compile(r"^[0-9a-fA-F]+$")
# an object reference such as Pod/todo/backend-8f71d6468-799p2: a capitalised kind and lower-case DNS names
_KIND = re.compile(r"^[A-Z][A-Za-z]*$")
_DNS_NAME = re.compile(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")


def _object_reference(token: str) -> bool:
    parts = token.split("/")
    return len(parts) > 1 and all(_KIND.match(p) or _DNS_NAME.match(p) for p in parts)


def _shannon(token: str) -> float:
    import math
    from collections import Counter

    counts = Counter(token)
    return -sum(n / len(token) * math.log2(n / len(token)) for n in counts.values())


def _high_entropy(m: re.Match[str]) -> str:
    """A token of 24+ characters with upper case, lower case and digits, and about as many distinct characters
    as a random string would have. Hex (image digests, git SHAs, container IDs) and UUIDs are left alone."""
    token = m.group(0)
    core = token.strip("=-_")
    if (_HEX.match(core) or _UUID.match(core) or core.startswith(REDACTED[1:]) or _object_reference(core)
            or not (any(c.isupper() for c in core) and any(c.islower() for c in core)
                    and any(c.isdigit() for c in core))):
        return token
    if "-" in core and all(part.isalpha() or part.isdigit() or len(part) < 6 for part in core.split("-")):
        return token  # a hyphenated name: my-Service-v2-...
    return marker("high-entropy") if _shannon(core) >= 4.0 else token


def _last_applied(m: re.Match[str]) -> str:
    value = m.group("secret")
    if not re.search(r'\\?"kind\\?"\s*:\s*\\?"Secret\\?"', value):
        return m.group(0)
    return m.group(0)[: m.start("secret") - m.start(0)] + marker("k8s-secret")


def _wordy_value(m: re.Match[str]) -> str:
    value = m.group("secret")
    if value.startswith(REDACTED) or _NOT_A_SECRET.match(value) or value.isalpha() and value.islower():
        return m.group(0)  # `password: required for login` is prose
    if value.rstrip(".") == value and len(value) < 4:
        return m.group(0)
    return _group(_kind_for_word(m.group("word")))(m)


# --- Kubernetes Secret objects in YAML text -------------------------------------------------------

# Lines may carry unified-diff markers (`+`, `-`, ` `) before the YAML: they count as indentation,
# like the `-` of a list item, so the same code reads a manifest and a diff of it.
_DOC_SPLIT = re.compile(r"^[+\- ]?---[ \t]*$", re.MULTILINE)
_KIND_SECRET_YAML = re.compile(r"^[+\- \t]*kind:[ \t]*[\"']?Secret[\"']?[ \t]*$", re.MULTILINE)
_DATA_KEY_YAML = re.compile(r"^[+\- \t]*(?:data|stringData):[ \t]*$", re.MULTILINE)
_STRINGDATA_YAML = re.compile(r"^[+\- \t]*stringData:[ \t]*$", re.MULTILINE)
_YAML_ENTRY = re.compile(r"^(?P<key>[+\- \t]*[\"']?[^\s:\"'#+-][^:\n]*?[\"']?:)(?P<sep>[ \t]+)"
                         r"(?P<value>\S.*?)[ \t]*$")
_BLOCK_SCALAR = ("|", "|-", "|+", ">", ">-", ">+")


def _redact_secret_yaml(text: str) -> str:
    if not _DATA_KEY_YAML.search(text):
        return text
    pieces = []
    last = 0
    for doc_start, doc_end in _documents(text):
        doc = text[doc_start:doc_end]
        if _STRINGDATA_YAML.search(doc) or (_KIND_SECRET_YAML.search(doc) and _DATA_KEY_YAML.search(doc)):
            pieces.append(text[last:doc_start])
            pieces.append(_redact_data_blocks(doc))
            last = doc_end
    pieces.append(text[last:])
    return "".join(pieces)


def _documents(text: str) -> list[tuple[int, int]]:
    bounds = [0] + [m.end() for m in _DOC_SPLIT.finditer(text)] + [len(text)]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t-+"))


def _redact_data_blocks(doc: str) -> str:
    out: list[str] = []
    block_indent: int | None = None  # indentation of the `data:` key while inside its block
    scalar_indent: int | None = None  # indentation of a `key: |` whose continuation lines are hidden
    for line in doc.split("\n"):
        stripped = line.strip(" \t+-")
        indent = _indent(line)
        if scalar_indent is not None:
            if not stripped or indent > scalar_indent:
                out.append(line[:indent] + marker("k8s-secret") if stripped else line)
                continue
            scalar_indent = None
        if block_indent is not None and stripped and indent <= block_indent:
            block_indent = None
        if block_indent is None:
            if _DATA_KEY_YAML.match(line):
                block_indent = indent
            out.append(line)
            continue
        entry = _YAML_ENTRY.match(line)
        value = entry.group("value") if entry else ""
        if entry is None or value.strip("\"'").startswith(REDACTED) or _PLACEHOLDER.match(value.strip("\"'")):
            out.append(line)
        elif value in _BLOCK_SCALAR:
            scalar_indent = indent
            out.append(line)
        else:
            out.append(entry.group("key") + entry.group("sep") + marker("k8s-secret"))
    return "\n".join(out)


# --- Kubernetes Secret objects in JSON text -------------------------------------------------------

_KIND_SECRET_JSON = re.compile(r"\"kind\"\s*:\s*\"Secret\"")
_DATA_BLOCK_JSON = re.compile(r"\"(?P<name>data|stringData)\"\s*:\s*\{(?P<body>[^{}]*)\}")
_JSON_ENTRY = re.compile(r"(\"[^\"\\]+\"\s*:\s*\")((?:[^\"\\]|\\.)*)(\")")


def _redact_secret_json(text: str) -> str:
    if "\"stringData\"" not in text and not _KIND_SECRET_JSON.search(text):
        return text

    def block(m: re.Match[str]) -> str:
        if m.group("name") == "data" and not _KIND_SECRET_JSON.search(text):
            return m.group(0)
        body = _JSON_ENTRY.sub(lambda e: e.group(0) if e.group(2).startswith(REDACTED) or _PLACEHOLDER.match(e.group(2))
                               else e.group(1) + marker("k8s-secret") + e.group(3), m.group("body"))
        return m.group(0)[: m.start("body") - m.start(0)] + body + m.group(0)[m.end("body") - m.start(0):]

    return _DATA_BLOCK_JSON.sub(block, text)


def redact(text: str) -> str:
    """`text` with every recognised secret replaced by `[REDACTED:<kind>]`; other text unchanged."""
    if not text:
        return text
    text = _redact_secret_yaml(text)
    text = _redact_secret_json(text)
    lowered = text.lower()
    for rule in _RULES:
        text = rule.apply(text, lowered)
    return text


def is_secret_key(key: str) -> bool:
    """Whether a mapping key (env var, YAML/JSON key) names a secret: DB_PASSWORD, apiKey, client_secret."""
    key = key.strip().lstrip("-")
    return bool(_KEY_RE.match(key)) and not _SECRET_NAME_KEY.match(key)


def _kind_for_key(key: str) -> str:
    match = _KEY_RE.match(key.strip().lstrip("-"))
    return _kind_for_word(match.group("word")) if match else "secret"


def redact_obj(obj: Any) -> Any:
    """A copy of nested dicts/lists/tuples with secrets redacted; other values returned unchanged."""
    if isinstance(obj, str):
        return redact(obj)
    if isinstance(obj, dict):
        return _redact_mapping(obj)
    if isinstance(obj, list):
        return _redact_sequence(obj)
    if isinstance(obj, tuple):
        return tuple(_redact_sequence(list(obj)))
    return obj


def _redact_sequence(items: list[Any]) -> list[Any]:
    out = []
    for i, item in enumerate(items):
        previous = items[i - 1] if i else None
        if isinstance(item, str) and isinstance(previous, str) and _SECRET_FLAG.match(previous):
            out.append(_hide(item, _kind_for_key(previous)))
        else:
            out.append(redact_obj(item))
    return out


def _redact_mapping(obj: dict[Any, Any]) -> dict[Any, Any]:
    is_secret_object = obj.get("kind") == "Secret"
    secret_env = isinstance(obj.get("name"), str) and is_secret_key(obj["name"]) and "value" in obj
    out: dict[Any, Any] = {}
    for key, value in obj.items():
        name = key if isinstance(key, str) else ""
        if (name == "stringData" or (name == "data" and is_secret_object)) and isinstance(value, dict):
            out[key] = {k: _hide(v, "k8s-secret") for k, v in value.items()}
        elif secret_env and name == "value":
            out[key] = _hide(value, "env-value")
        elif name and is_secret_key(name) and isinstance(value, (str, int, float)) and not isinstance(value, bool):
            out[key] = _hide(value, _kind_for_key(name))
        else:
            out[key] = redact_obj(value)
    return out


def _hide(value: Any, kind: str) -> Any:
    if isinstance(value, str) and _NOT_A_SECRET.match(value.strip()):
        return value
    if isinstance(value, (dict, list, tuple)):
        return redact_obj(value)
    return marker(kind)


_BARE_VALUE = re.compile(r"(?<![\w+/=])[A-Za-z0-9+/]{4,}={0,2}(?![\w+/=])")


def redact_bare_values(text: str) -> str:
    """Output known to hold Secret values with nothing naming them (`get secret -o jsonpath='{.data.x}'`):
    every base64-looking word is hidden."""
    return _BARE_VALUE.sub(lambda m: m.group(0) if m.group(0).startswith("REDACTED") else marker("k8s-secret"), text)
