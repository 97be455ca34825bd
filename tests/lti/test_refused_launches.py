"""Refused launches: a 4xx with a short French page, and nothing stored."""
from __future__ import annotations

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import func, select

from lms_service.models import Membership, User
from lti.devplatform.seed import ROUBAIX

from ..lti_browser import LtiBrowser
from .helpers import unverified


def _nothing_stored(db) -> bool:
    db.expire_all()
    return db.scalar(select(func.count()).select_from(Membership)) == 0 and db.scalar(
        select(func.count()).select_from(User)
    ) == 0


def test_bad_signature(browser: LtiBrowser, db) -> None:
    """An id_token signed by another key, with the platform's kid, is refused."""
    action, fields = browser.authorize(browser.login("ines-belkacem", ROUBAIX))
    header, claims = unverified(fields["id_token"])
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = other.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    fields["id_token"] = jwt.encode(claims, pem, algorithm="RS256", headers={"kid": header["kid"]})

    response = browser.post_launch(action, fields)

    assert response.status_code == 401
    assert "La signature du jeton est fausse." in response.text
    assert "Connexion refusée" in response.text
    assert _nothing_stored(db)


def test_unknown_issuer_at_login(browser: LtiBrowser, db) -> None:
    url, params = browser.platform.login_initiation("ines-belkacem", ROUBAIX)
    params["iss"] = "https://lms.inconnu.example"
    response = browser.http.post(url, data=params, allow_redirects=False)

    assert response.status_code == 403
    assert "n'est pas enregistrée" in response.text
    assert _nothing_stored(db)


def test_unknown_issuer_at_launch(browser: LtiBrowser, platform, db) -> None:
    """A token whose iss names no registration is refused, not a 500."""
    action, fields = browser.authorize(browser.login("ines-belkacem", ROUBAIX))
    header, claims = unverified(fields["id_token"])
    claims["iss"] = "https://lms.inconnu.example"
    fields["id_token"] = platform.sign(claims, {"kid": header["kid"]})

    response = browser.post_launch(action, fields)

    assert response.status_code == 403
    assert "n'est pas enregistrée" in response.text
    assert _nothing_stored(db)


@pytest.mark.parametrize("missing", ["iss", "login_hint", "target_link_uri"])
def test_incomplete_login_initiation(browser: LtiBrowser, missing: str) -> None:
    url, params = browser.platform.login_initiation("ines-belkacem", ROUBAIX)
    del params[missing]
    response = browser.http.post(url, data=params, allow_redirects=False)
    assert response.status_code == 400
    assert "incomplète" in response.text


def test_launch_without_state_or_token(tool_server, registered) -> None:
    import requests

    response = requests.post(tool_server.url + "/lti/launch", data={}, timeout=10)
    assert response.status_code == 400
    assert "Connexion refusée" in response.text
