"""No 5xx from a launch token: malformed, unsigned, or signed by the platform with hostile claims.

Everything /lti/launch reads before the signature is verified comes from whoever
posts the form; everything after comes from a registered platform, trusted but
not always storable as it comes. Each test starts from a real login at the tool
(its state) through the dev platform; the tokens are then posted with Flask's
test client.
"""
from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devplatform.seed import ROUBAIX

from ..lti.helpers import b64, unverified
from ..lti_browser import LtiBrowser, parse_form
from .helpers import WALK_SETTINGS, ToolClient, content_selection

SIGNED_EXAMPLES = 20  # launches signed by the dev platform with generated claims, per message type


_TEXTS = st.one_of(
    st.text(max_size=300), st.sampled_from(["\x00", "a\x00b", "\ud800", "x" * 300, "\u202eRTL", "🎓" * 100, ""])
)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**80), max_value=2**80) | st.floats() | _TEXTS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_TEXTS, inner, max_size=3),
    max_leaves=8,
)


def _unsigned(header: Any, body: Any, signature: bytes = b"not-a-signature") -> str:
    return f"{b64(_json(header))}.{b64(_json(body))}.{b64(signature)}"


def _json(value: Any) -> bytes:
    """JSON as json.dumps writes it: NUL as \\u0000, an unpaired surrogate as \\ud800, inf as Infinity."""
    return json.dumps(value).encode()


def _malformed(genuine: str) -> list[str]:
    """Tokens no platform signed: broken shapes, and the genuine one with claims a database cannot hold."""
    header, body = unverified(genuine)
    head, payload, signature = genuine.split(".")
    with_claims = [
        {**body, "iss": body["iss"] + "\x00"}, {**body, "iss": "\ud800"}, {**body, "aud": "dev-tool\x00"},
        {**body, "aud": ["\x00", body["aud"]], "azp": "\x00"}, {**body, "iss": 42}, {**body, "aud": {"a": 1}},
        {**body, "exp": 1e400, "iat": -1e400}, {**body, "sub": "x" * 10_000}, {**body, "iss": "x" * 10_000},
    ]
    return [
        "", ".", "..", "a.b", "a.b.c", "a.b.c.d", "x" * 5000, "\u202e.\u202e.\u202e", "🎓.🎓.🎓",
        f"{head}.{payload}", f"{head}.{payload}.", f"{head}..{signature}", f".{payload}.{signature}",
        f"{b64(b'not json')}.{payload}.{signature}", f"{head}.{b64(b'[1, 2')}.{signature}",
        f"{b64(b'[[[[[[[[[[')}.{b64(b'[' * 50_000)}.{signature}",
        _unsigned([], body), _unsigned(header, []), _unsigned(header, None), _unsigned("x", "y"),
        _unsigned({**header, "alg": "none"}, body, b""), _unsigned({**header, "kid": "\x00"}, body),
        _unsigned({**header, "kid": ["k"]}, body), _unsigned({**header, "alg": ["RS256"]}, body),
        f"{head}.{payload}.{signature[::-1]}",
    ] + [_unsigned(header, claims) for claims in with_claims]


@pytest.fixture
def login(browser: LtiBrowser) -> dict[str, str]:
    """A real login at the tool: a state it issued, and the genuine id_token the platform answered with."""
    _action, fields = browser.authorize(browser.login("ines-belkacem", ROUBAIX))
    return fields


def _post_launch(client: ToolClient, state: str, id_token: str, failures: list[str]) -> Any:
    """Post a token with a real state; a 5xx or an exception is recorded, the response returned."""
    try:
        response = client.post("/lti/launch", data={"state": state, "id_token": id_token})
    except Exception as exc:
        failures.append(f"id_token {id_token[:80]!r} -> {exc!r:.200}")
        return None
    if response.status_code >= 500:
        failures.append(f"id_token {id_token[:80]!r} -> {response.status_code}")
    return response


def test_malformed_launch_tokens_are_refused(client: ToolClient, login: dict[str, str]) -> None:
    """Everything before the signature check reads an untrusted token: none of it may reach a 5xx."""
    failures: list[str] = []
    for token in _malformed(login["id_token"]):
        response = _post_launch(client, login["state"], token, failures)
        assert response is None or response.status_code >= 400, token[:80]
    assert not failures, "\n".join(failures)


@settings(WALK_SETTINGS, max_examples=40)
@given(data=st.data())
def test_unsigned_launch_tokens_with_generated_claims_are_refused(client: ToolClient, login: dict[str, str], data) -> None:
    """Generated headers and claims over the genuine ones, not signed: refused, whatever they hold."""
    header, body = unverified(login["id_token"])
    header.update(data.draw(st.dictionaries(st.sampled_from(["alg", "kid", "typ"]), _JSON, max_size=2)))
    body.update(data.draw(st.dictionaries(st.sampled_from(sorted(body)), _JSON, max_size=3)))
    failures: list[str] = []
    _post_launch(client, login["state"], _unsigned(header, body), failures)
    assert not failures, "\n".join(failures)


def _claim_paths(claims: dict[str, Any]) -> list[tuple[str, ...]]:
    """Every claim of a genuine launch, and every field of the claims that are objects."""
    paths: list[tuple[str, ...]] = []
    for name, value in sorted(claims.items()):
        paths.append((name,))
        if isinstance(value, dict):
            paths += [(name, field) for field in sorted(value)]
    return paths


def _replace(claims: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    if len(path) == 1:
        claims[path[0]] = value
    elif isinstance(claims.get(path[0]), dict):
        claims[path[0]][path[1]] = value


@pytest.mark.parametrize("message", ["resource link", "content selection"])
@settings(WALK_SETTINGS, max_examples=SIGNED_EXAMPLES)
@given(data=st.data())
def test_signed_launches_with_generated_claims_never_fail(
    client: ToolClient, browser: LtiBrowser, platform, tool_server, message: str, data
) -> None:
    """The platform signs hostile values in any claim or claim field: refused or accepted, never a 5xx.

    Past the signature the claims are trusted but still not storable as they come (NUL, length, types).
    The times and nonce stay genuine, or the token would only ever be refused as expired or replayed,
    and so does iss, which PyJWT will not sign unless it is a string (the unsigned walk covers it).
    An accepted launch opens its page, and a content selection is answered, with the claims it kept.
    """
    if message == "content selection":
        platform.tweak_next_launch(content_selection(tool_server.url))
    _action, fields = browser.authorize(browser.login("nadia-haddad", ROUBAIX))
    header, claims = unverified(fields["id_token"])
    paths = [p for p in _claim_paths(claims) if p[0] not in ("exp", "iat", "nonce", "iss")]
    for path, value in data.draw(st.dictionaries(st.sampled_from(paths), _JSON | _TEXTS, min_size=1, max_size=3)).items():
        _replace(claims, path, value)
    failures: list[str] = []
    response = _post_launch(client, fields["state"], platform.sign(claims, {"kid": header["kid"]}), failures)
    if response is not None and response.status_code in (302, 303):
        _use_the_launch(client, response.headers["Location"], failures)
    assert not failures, f"{failures} with claims {claims!r:.2000}"


def _use_the_launch(client: ToolClient, location: str, failures: list[str]) -> None:
    """Open the page a launch redirects to and send its first form, if it has one."""
    opened = client.get(location)
    if opened.status_code >= 500:
        failures.append(f"GET {location} -> {opened.status_code}")
    page = opened.get_data(as_text=True)
    if opened.status_code == 200 and "<form" in page:
        action, fields = parse_form(page)
        sent = client.post(action, data={**fields, "choice": "parcours"})
        if sent.status_code >= 500:
            failures.append(f"POST {action} -> {sent.status_code}")
