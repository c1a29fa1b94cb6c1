"""Secrets at rest: Fernet (the cryptography library) with keys from the environment.

``SSO_ENCRYPTION_KEYS`` lists Fernet keys, newest first; MultiFernet encrypts with the first and
decrypts with any, so a key is rotated by putting a new one in front: every secret saved after
that is encrypted with it, and the old key is removed once the providers have been saved again.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


def _fernet() -> MultiFernet:
    keys = settings.SSO_ENCRYPTION_KEYS
    if not keys:
        raise ImproperlyConfigured("SSO_ENCRYPTION_KEYS is empty: set it to one or more Fernet keys.")
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"SSO_ENCRYPTION_KEYS holds a value that is not a Fernet key: {exc}") from None


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored SSO secret cannot be decrypted with SSO_ENCRYPTION_KEYS (was a key removed?)."
        ) from None


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; Python code only ever sees the plain text."""

    def from_db_value(self, value, expression, connection):
        return decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return encrypt(value) if value else value
