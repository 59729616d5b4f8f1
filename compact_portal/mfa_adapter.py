"""allauth.mfa adapter: TOTP secrets (and the recovery-code seed) are encrypted at rest."""

import base64
import functools

from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "fernet:"


@functools.cache
def _fernet(master_key: str) -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"compact-portal-mfa",
        info=b"allauth.mfa secrets v1",
    ).derive(master_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def fernet() -> Fernet:
    return _fernet(settings.MFA_ENCRYPTION_KEY or settings.SECRET_KEY)


class EncryptedSecretsMFAAdapter(DefaultMFAAdapter):
    def encrypt(self, text: str) -> str:
        return PREFIX + fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        if not encrypted_text.startswith(PREFIX):
            # Stored before encryption was switched on.
            return encrypted_text
        try:
            return fernet().decrypt(encrypted_text.removeprefix(PREFIX).encode()).decode()
        except InvalidToken:
            raise ImproperlyConfigured(
                "An MFA secret cannot be decrypted: MFA_ENCRYPTION_KEY (or SECRET_KEY) changed."
            ) from None
