"""TOTP second factor (RFC 6238, pyotp): enrolment, and one-time use of each code."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

import pyotp
from sqlalchemy.orm import Session

from luoshi.clock import now, wall_now
from luoshi.errors import Conflict, InvalidInput
from luoshi.kernel import audit
from luoshi.kernel.models import User
from luoshi.kernel.permissions import Actor

ISSUER = "luoshi"
# Codes of the step before and after are accepted too (phones' clocks drift).
WINDOW = 1


@dataclass(frozen=True)
class Enrolment:
    secret: str
    uri: str


def begin_enrolment(user: User) -> Enrolment:
    """A fresh secret for the user to load into an authenticator; good once confirmed."""
    if user.totp_enabled_at is not None:
        raise Conflict.of("err_second_factor_already_set_up_for_account")
    user.totp_secret = pyotp.random_base32()
    user.totp_last_step = None
    return Enrolment(secret=user.totp_secret, uri=uri_for(user))


def uri_for(user: User) -> str:
    """The otpauth:// URI an authenticator reads (usually from a QR code)."""
    secret = user.totp_secret or ""
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def verify(user: User, code: str) -> bool:
    """Whether ``code`` is right now and was not used before (a replayed code fails)."""
    if not user.totp_secret:
        return False
    code = code.strip().replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return False
    totp = pyotp.TOTP(user.totp_secret)
    current = totp.timecode(wall_now())
    last = user.totp_last_step if user.totp_last_step is not None else -1
    for step in range(current - WINDOW, current + WINDOW + 1):
        if step > last and hmac.compare_digest(totp.generate_otp(step), code):
            user.totp_last_step = step
            return True
    return False


def confirm_enrolment(session: Session, *, actor: Actor, user: User, code: str) -> None:
    """Switch the second factor on, once the user shows a code from the new secret."""
    if user.totp_enabled_at is not None:
        raise Conflict.of("err_second_factor_already_set_up_for_account")
    if not verify(user, code):
        raise InvalidInput.of("err_code_does_not_match_check_authenticator_s")
    user.totp_enabled_at = now()
    audit.record(
        session, actor=actor, action="user.totp_enrol", object_type="user", object_id=user.id
    )
