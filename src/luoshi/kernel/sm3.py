"""SM3 (GB/T 32905-2016), the hash of the audit chain, and SHA-256 as the alternative.

OpenSSL provides SM3 through the ``cryptography`` package on most builds; some builds
(FIPS-only, or compiled with ``no-sm3``) do not, so a pure-Python implementation of the
standard stands behind it. Both give the standard's test vectors (tests/kernel/test_sm3.py).
"""

from __future__ import annotations

import hashlib
import struct
from typing import Literal

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes

HashName = Literal["sm3", "sha256"]
HASH_NAMES: tuple[HashName, ...] = ("sm3", "sha256")

_IV = (
    0x7380166F,
    0x4914B2B9,
    0x172442D7,
    0xDA8A0600,
    0xA96F30BC,
    0x163138AA,
    0xE38DEE4D,
    0xB0FB0E4E,
)
_MASK = 0xFFFFFFFF


def _rotl(x: int, n: int) -> int:
    n %= 32
    return ((x << n) | (x >> (32 - n))) & _MASK


def _p0(x: int) -> int:
    return x ^ _rotl(x, 9) ^ _rotl(x, 17)


def _p1(x: int) -> int:
    return x ^ _rotl(x, 15) ^ _rotl(x, 23)


def _compress(v: tuple[int, ...], block: bytes) -> tuple[int, ...]:
    w = list(struct.unpack(">16I", block))
    for j in range(16, 68):
        w.append(_p1(w[j - 16] ^ w[j - 9] ^ _rotl(w[j - 3], 15)) ^ _rotl(w[j - 13], 7) ^ w[j - 6])
    w1 = [w[j] ^ w[j + 4] for j in range(64)]
    a, b, c, d, e, f, g, h = v
    for j in range(64):
        t = 0x79CC4519 if j < 16 else 0x7A879D8A
        ss1 = _rotl((_rotl(a, 12) + e + _rotl(t, j)) & _MASK, 7)
        ss2 = ss1 ^ _rotl(a, 12)
        if j < 16:
            ff, gg = a ^ b ^ c, e ^ f ^ g
        else:
            ff = (a & b) | (a & c) | (b & c)
            gg = (e & f) | (~e & g)
        tt1 = (ff + d + ss2 + w1[j]) & _MASK
        tt2 = (gg + h + ss1 + w[j]) & _MASK
        d, c, b, a = c, _rotl(b, 9), a, tt1
        h, g, f, e = g, _rotl(f, 19), e, _p0(tt2)
    return tuple(x ^ y for x, y in zip((a, b, c, d, e, f, g, h), v, strict=True))


def sm3_pure(data: bytes) -> bytes:
    """SM3 digest computed in Python, per GB/T 32905-2016 (padding as in SHA-256)."""
    length = len(data) * 8
    padded = data + b"\x80" + b"\x00" * ((55 - len(data)) % 64) + struct.pack(">Q", length)
    v: tuple[int, ...] = _IV
    for i in range(0, len(padded), 64):
        v = _compress(v, padded[i : i + 64])
    return struct.pack(">8I", *v)


def sm3_openssl(data: bytes) -> bytes:
    """SM3 digest through OpenSSL; raises UnsupportedAlgorithm where the build lacks it."""
    h = hashes.Hash(hashes.SM3())
    h.update(data)
    return h.finalize()


def _openssl_has_sm3() -> bool:
    try:
        sm3_openssl(b"")
    except UnsupportedAlgorithm:
        return False
    return True


_HAS_SM3: bool | None = None


def sm3(data: bytes) -> bytes:
    """SM3 digest: OpenSSL's where it has one, else the pure-Python one (same result)."""
    global _HAS_SM3
    if _HAS_SM3 is None:
        # Asked once: whether the linked OpenSSL has SM3 does not change while we run.
        _HAS_SM3 = _openssl_has_sm3()
    return sm3_openssl(data) if _HAS_SM3 else sm3_pure(data)


def digest_hex(name: str, data: bytes) -> str:
    """The hex digest of ``data`` by the named algorithm (``sm3`` or ``sha256``)."""
    if name == "sm3":
        return sm3(data).hex()
    if name == "sha256":
        return hashlib.sha256(data).hexdigest()
    raise ValueError(f"unknown audit hash {name!r}: use one of {', '.join(HASH_NAMES)}")
