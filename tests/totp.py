"""An authenticator app in a few lines: the TOTP code of RFC 6238 (HMAC-SHA1, 30 s, 6 digits),
computed here with hmac and hashlib, not with django-allauth's functions, so the tests check
allauth's codes against an independent reckoning."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time


def hotp(key: bytes, counter: int, digits: int = 6) -> str:
    """RFC 4226: HMAC-SHA1 of the 8-byte counter, dynamic truncation, the last digits."""
    mac = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def secret_key(secret: str) -> bytes:
    """The key behind a base32 secret as an app is given it (padding left off)."""
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def totp(secret: str, at: float | None = None, period: int = 30) -> str:
    """The code an app shows at ``at`` (now) for the base32 ``secret``."""
    moment = time.time() if at is None else at
    return hotp(secret_key(secret), int(moment // period))


def fresh_code(secret: str, not_counter: int | None = None, margin: float = 3.0) -> tuple[str, int]:
    """A code valid for at least ``margin`` seconds more, from a time step other than
    ``not_counter`` (a code once used is refused again within its step): waits for the next
    step when needed. Returns the code and its step."""
    while True:
        now = time.time()
        counter = int(now // 30)
        if counter != not_counter and (counter + 1) * 30 - now > margin:
            return totp(secret, now), counter
        time.sleep(min(1.0, max(0.05, (counter + 1) * 30 - now + 0.05)))
