"""The platform's RSA key: kept on disk so a restart does not break the tool's JWKS cache."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwcrypto import jwk


class PlatformKey:
    """Signs id_tokens; its kid is the RFC 7638 thumbprint, stable across restarts."""

    def __init__(self, private_key: rsa.RSAPrivateKey) -> None:
        self._private_key = private_key
        pem = private_key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self._public = jwk.JWK.from_pem(pem)
        self.kid: str = self._public.thumbprint()

    @classmethod
    def load_or_create(cls, path: Path) -> PlatformKey:
        """Read the PEM at path, or create a 2048-bit key there on first start."""
        if not path.exists():
            _write_new_key(path)
        private_key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(private_key, rsa.RSAPrivateKey):
            raise ValueError(f"{path} does not hold an RSA private key")
        return cls(private_key)

    def public_jwk(self) -> dict[str, Any]:
        return {**self._public.export_public(as_dict=True), "kid": self.kid, "alg": "RS256", "use": "sig"}

    def encode(self, claims: dict[str, Any], headers: dict[str, Any]) -> str:
        """Sign with exactly these headers; alg "none" gives an unsigned token for refusal tests."""
        alg = headers.get("alg", "RS256")
        key = None if alg == "none" else self._private_key
        return jwt.encode(claims, key, algorithm=alg, headers=headers)


def _write_new_key(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        # O_EXCL: if two processes start at once, the first key written wins for both.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
