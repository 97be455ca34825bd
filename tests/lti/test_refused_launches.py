"""Refused launches, one case per item of the 1EdTech certification's bad payloads.

Each goes through the real flow (login at the tool, /auth at the dev platform)
and alters the id_token the platform signs, or what the browser posts back.
Every refusal is a 4xx with a short French page; nothing is stored; the token
never reaches the logs.
"""
from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Callable
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from itsdangerous.timed import TimestampSigner
from sqlalchemy import func, select

from devplatform.seed import ROUBAIX
from lms_service.models import Membership, User
from lti import claims as c

from ..lti_browser import LtiBrowser
from .helpers import b64, unverified

Tweak = Callable[[dict[str, Any], dict[str, Any]], None]


def _set(name: str, value: Any, where: str = "claims") -> Tweak:
    def tweak(claims: dict[str, Any], headers: dict[str, Any]) -> None:
        (claims if where == "claims" else headers)[name] = value

    return tweak


def _drop(name: str) -> Tweak:
    def tweak(claims: dict[str, Any], _headers: dict[str, Any]) -> None:
        claims.pop(name, None)

    return tweak


def _times(iat_offset: int, exp_offset: int) -> Tweak:
    def tweak(claims: dict[str, Any], _headers: dict[str, Any]) -> None:
        now = int(time.time())
        claims["iat"], claims["exp"] = now + iat_offset, now + exp_offset

    return tweak


def _audiences(aud: Any, azp: Any = None) -> Tweak:
    def tweak(claims: dict[str, Any], _headers: dict[str, Any]) -> None:
        client_id = claims["aud"]
        claims["aud"] = [client_id if a == "$client" else a for a in aud] if isinstance(aud, list) else aud
        if azp is not None:
            claims["azp"] = azp

    return tweak


def _resource_link_without_id(claims: dict[str, Any], _headers: dict[str, Any]) -> None:
    claims[c.RESOURCE_LINK] = {"title": "Parcours de la nurserie"}


def _set_in(claim: str, name: str, value: Any) -> Tweak:
    def tweak(claims: dict[str, Any], _headers: dict[str, Any]) -> None:
        claims[claim] = {**claims.get(claim, {}), name: value}

    return tweak


TOO_LONG = "x" * 256  # LTI caps identifiers at 255 characters
WITH_NUL = "ines\x00belkacem"


CASES = [
    # (id as the certification names it, tweak, status, French words on the page)
    ("alg none", _set("alg", "none", "headers"), 401, "pas signé comme il se doit"),
    ("unknown kid", _set("kid", "a-kid-nobody-published", "headers"), 401, "clé qui a signé le jeton est inconnue"),
    ("wrong aud", _audiences("another-client"), 401, "pas destiné à cet outil"),
    ("aud list without azp", _audiences(["$client", "another-client"]), 401, "pas destiné à cet outil"),
    ("wrong azp", _audiences(["$client", "another-client"], azp="another-client"), 401, "pas destiné à cet outil"),
    ("expired exp", _times(-7200, -3600), 401, "a expiré"),
    ("no exp", _drop("exp"), 401, "quand il a été émis ou quand il expire"),
    ("iat in the future", _times(3600, 7200), 401, "vient du futur"),
    ("no iat", _drop("iat"), 401, "quand il a été émis ou quand il expire"),
    ("missing nonce", _drop("nonce"), 401, "pas de nonce"),
    ("unknown nonce", _set("nonce", "a-nonce-never-issued"), 401, "ne correspond pas à cette connexion"),
    ("missing deployment_id", _drop(c.DEPLOYMENT_ID), 400, "de quel déploiement"),
    ("unknown deployment_id", _set(c.DEPLOYMENT_ID, "999"), 403, "add-deployment"),
    ("missing message_type", _drop(c.MESSAGE_TYPE), 400, "type de message LTI manque"),
    ("wrong message_type", _set(c.MESSAGE_TYPE, 42), 400, "pas pris en charge"),
    ("unknown message_type", _set(c.MESSAGE_TYPE, "LtiUnknownRequest"), 400, "pas pris en charge"),
    ("missing version", _drop(c.VERSION), 400, "doit être 1.3.0"),
    ("wrong version", _set(c.VERSION, "1.1"), 400, "doit être 1.3.0"),
    ("missing sub", _drop("sub"), 400, "qui vous êtes"),
    ("missing roles claim", _drop(c.ROLES), 400, "vos rôles"),
    ("missing resource link id", _resource_link_without_id, 400, "quelle activité"),
    ("target_link_uri on another host", _set(c.TARGET_LINK_URI, "https://evil.example/lti/launch"), 400, "ne pointe pas vers cet outil"),
    # Identifiers are never cut (two people would merge): too long or unstorable, the launch is refused.
    ("sub over 255 characters", _set("sub", TOO_LONG), 400, "dépasse 255 caractères"),
    ("context id over 255 characters", _set_in(c.CONTEXT, "id", TOO_LONG), 400, "dépasse 255 caractères"),
    ("resource link id over 255 characters", _set_in(c.RESOURCE_LINK, "id", TOO_LONG), 400, "dépasse 255 caractères"),
    ("deployment id over 255 characters", _set(c.DEPLOYMENT_ID, TOO_LONG), 400, "dépasse 255 caractères"),
    ("sub with a NUL", _set("sub", WITH_NUL), 400, "contient un caractère interdit"),
    ("sub with an unpaired surrogate", _set("sub", "ines\ud800"), 400, "contient un caractère interdit"),
    ("context id with a NUL", _set_in(c.CONTEXT, "id", WITH_NUL), 400, "contient un caractère interdit"),
    ("resource link id with a NUL", _set_in(c.RESOURCE_LINK, "id", WITH_NUL), 400, "contient un caractère interdit"),
    ("deployment id with a NUL", _set(c.DEPLOYMENT_ID, WITH_NUL), 400, "contient un caractère interdit"),
    # Python reads Infinity and NaN, which JSON has not and PostgreSQL's json columns refuse.
    ("Infinity in a claim", _set(c.CUSTOM, {"score": float("inf")}), 400, "illisible"),
]  # fmt: skip


def _nothing_stored(db) -> bool:
    db.expire_all()
    members = db.scalar(select(func.count()).select_from(Membership))
    users = db.scalar(select(func.count()).select_from(User))
    return members == 0 and users == 0


def _assert_refused(response, status: int, words: str) -> None:
    assert response.status_code == status, response.text[:400]
    text = response.text.replace("&#39;", "'")
    assert "Connexion refusée" in text
    assert words in text


@pytest.mark.parametrize("case, tweak, status, words", CASES, ids=[case[0] for case in CASES])
def test_refused(browser: LtiBrowser, db, caplog, case, tweak, status, words) -> None:
    browser.platform.tweak_next_launch(tweak)
    action, fields = browser.authorize(browser.login("ines-belkacem", ROUBAIX))

    response = browser.post_launch(action, fields)

    _assert_refused(response, status, words)
    assert _nothing_stored(db)
    assert fields["id_token"] not in caplog.text


def test_bad_signature(browser: LtiBrowser, db) -> None:
    """Signed by another key, under the platform's kid."""
    action, fields = browser.authorize(browser.login("ines-belkacem", ROUBAIX))
    header, claims = unverified(fields["id_token"])
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = other.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    fields["id_token"] = jwt.encode(claims, pem, algorithm="RS256", headers={"kid": header["kid"]})

    _assert_refused(browser.post_launch(action, fields), 401, "signature du jeton est fausse")
    assert _nothing_stored(db)


def test_no_kid(browser: LtiBrowser, platform, db) -> None:
    action, fields = browser.authorize(browser.login("ines-belkacem", ROUBAIX))
    _, claims = unverified(fields["id_token"])
    fields["id_token"] = platform.sign(claims, {"kid": None})
    assert "kid" not in unverified(fields["id_token"])[0]

    _assert_refused(browser.post_launch(action, fields), 401, "quelle clé")
    assert _nothing_stored(db)


def test_hs256_signed_with_the_public_key(browser: LtiBrowser, db) -> None:
    """The classic key-confusion attack: HMAC keyed with the platform's public PEM."""
    action, fields = browser.authorize(browser.login("ines-belkacem", ROUBAIX))
    header, claims = unverified(fields["id_token"])
    jwk = next(k for k in browser.platform.public_jwks()["keys"] if k["kid"] == header["kid"])
    public_pem = jwt.algorithms.RSAAlgorithm.from_jwk(jwk).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    signing_input = f"{b64({'alg': 'HS256', 'typ': 'JWT', 'kid': header['kid']})}.{b64(claims)}"
    signature = hmac.new(public_pem, signing_input.encode(), hashlib.sha256).digest()
    fields["id_token"] = f"{signing_input}.{b64(signature)}"

    _assert_refused(browser.post_launch(action, fields), 401, "pas signé comme il se doit")
    assert _nothing_stored(db)


def test_unknown_issuer(browser: LtiBrowser, platform, db) -> None:
    action, fields = browser.authorize(browser.login("ines-belkacem", ROUBAIX))
    header, claims = unverified(fields["id_token"])
    claims["iss"] = "https://lms.inconnu.example"
    fields["id_token"] = platform.sign(claims, {"kid": header["kid"]})

    _assert_refused(browser.post_launch(action, fields), 403, "pas enregistrée")
    assert _nothing_stored(db)


@pytest.mark.parametrize("iss", ["https://lms.example\x00", "https://lms.example\ud800"], ids=["NUL", "unpaired surrogate"])
def test_an_issuer_no_database_can_hold_is_an_unknown_platform(browser: LtiBrowser, platform, db, iss) -> None:
    """Checked before the signature, so never sent to the database (PostgreSQL refuses NUL)."""
    action, fields = browser.authorize(browser.login("ines-belkacem", ROUBAIX))
    header, claims = unverified(fields["id_token"])
    claims["iss"] = iss
    fields["id_token"] = platform.sign(claims, {"kid": header["kid"]})

    _assert_refused(browser.post_launch(action, fields), 403, "pas enregistrée")
    assert _nothing_stored(db)


def test_unknown_issuer_at_login(browser: LtiBrowser, db) -> None:
    url, params = browser.platform.login_initiation("ines-belkacem", ROUBAIX)
    params["iss"] = "https://lms.inconnu.example"
    response = browser.http.post(url, data=params, allow_redirects=False)
    assert response.status_code == 403
    assert "pas enregistrée" in response.text.replace("&#39;", "'")
    assert _nothing_stored(db)


@pytest.mark.parametrize("state", [None, "state-never-issued"], ids=["missing state", "wrong state"])
def test_missing_or_wrong_state(browser: LtiBrowser, db, state) -> None:
    action, fields = browser.authorize(browser.login("ines-belkacem", ROUBAIX))
    if state is None:
        del fields["state"]
    else:
        fields["state"] = state
    response = browser.post_launch(action, fields)
    assert response.status_code == 400
    assert "Connexion refusée" in response.text
    assert _nothing_stored(db)


def test_a_state_older_than_its_lifetime(browser: LtiBrowser, app, db, monkeypatch) -> None:
    """The login's state is signed and dated: one older than LTI_LOGIN_STATE_MAX_AGE is refused."""
    url, params = browser.platform.login_initiation("ines-belkacem", ROUBAIX)
    long_ago = int(time.time()) - int(app.config["LTI_LOGIN_STATE_MAX_AGE"].total_seconds()) - 5
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: long_ago)
    login = browser.http.post(url, data=params, allow_redirects=False)
    monkeypatch.undo()
    action, fields = browser.authorize(login)

    response = browser.post_launch(action, fields)
    assert response.status_code == 400
    assert "unknown_state" in response.text
    assert _nothing_stored(db)


def test_the_same_id_token_posted_twice(browser: LtiBrowser, db) -> None:
    action, fields = browser.authorize(browser.login("ines-belkacem", ROUBAIX))
    assert browser.post_launch(action, fields).status_code == 303

    _assert_refused(browser.post_launch(action, fields), 401, "a déjà servi")


def test_a_reused_nonce_with_its_spent_state(browser: LtiBrowser, platform) -> None:
    """A fresh token (new iat/exp) carrying the nonce and state of a launch already made."""
    action, fields = browser.authorize(browser.login("ines-belkacem", ROUBAIX))
    assert browser.post_launch(action, fields).status_code == 303
    header, claims = unverified(fields["id_token"])
    claims["iat"], claims["exp"] = int(time.time()), int(time.time()) + 60
    fields["id_token"] = platform.sign(claims, {"kid": header["kid"]})

    _assert_refused(browser.post_launch(action, fields), 401, "a déjà servi")


def test_a_fresh_login_carrying_an_earlier_nonce(browser: LtiBrowser, platform) -> None:
    first_action, first = browser.authorize(browser.login("ines-belkacem", ROUBAIX))
    assert browser.post_launch(first_action, first).status_code == 303
    _, old_claims = unverified(first["id_token"])

    action, fields = browser.authorize(browser.login("ines-belkacem", ROUBAIX))
    header, claims = unverified(fields["id_token"])
    claims["nonce"] = old_claims["nonce"]
    fields["id_token"] = platform.sign(claims, {"kid": header["kid"]})

    _assert_refused(browser.post_launch(action, fields), 401, "ne correspond pas à cette connexion")


@pytest.mark.parametrize("missing", ["iss", "login_hint", "target_link_uri"])
def test_incomplete_login_initiation(browser: LtiBrowser, missing: str) -> None:
    url, params = browser.platform.login_initiation("ines-belkacem", ROUBAIX)
    del params[missing]
    response = browser.http.post(url, data=params, allow_redirects=False)
    assert response.status_code == 400
    assert "incomplète" in response.text


def test_launch_without_anything(tool_server, registered) -> None:
    import requests

    response = requests.post(tool_server.url + "/lti/launch", data={}, timeout=10)
    assert response.status_code == 400
    assert "Connexion refusée" in response.text


def test_a_platform_error_instead_of_a_token_is_explained(browser: LtiBrowser) -> None:
    action, fields = browser.authorize(browser.login("ines-belkacem", ROUBAIX))
    response = browser.post_launch(action, {"error": "login_required", "error_description": "no session", "state": fields["state"]})
    assert response.status_code == 400
    assert "a refusé la connexion" in response.text
