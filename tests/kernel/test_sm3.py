"""SM3 against the test vectors of GB/T 32905-2016 (appendix A), both implementations."""

from __future__ import annotations

import hashlib
import os

import pytest

from luoshi.kernel import sm3

ABC = "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
ABCD_16 = "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"


@pytest.mark.parametrize("impl", [sm3.sm3_pure, sm3.sm3_openssl, sm3.sm3])
def test_standard_vectors(impl: object) -> None:
    assert callable(impl)
    assert impl(b"abc").hex() == ABC
    assert impl(b"abcd" * 16).hex() == ABCD_16  # the 64-byte message: two blocks padded


def test_pure_python_matches_openssl_across_padding_boundaries() -> None:
    for n in (0, 1, 55, 56, 63, 64, 65, 119, 120, 128, 1000):
        data = os.urandom(n)
        assert sm3.sm3_pure(data) == sm3.sm3_openssl(data), n


def test_digest_by_name() -> None:
    assert sm3.digest_hex("sm3", b"abc") == ABC
    assert sm3.digest_hex("sha256", b"abc") == hashlib.sha256(b"abc").hexdigest()
    with pytest.raises(ValueError, match="unknown audit hash"):
        sm3.digest_hex("md5", b"abc")


def test_without_openssl_sm3_the_pure_implementation_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sm3, "_HAS_SM3", False)
    monkeypatch.setattr(sm3, "sm3_openssl", None)  # would raise TypeError if called
    assert sm3.digest_hex("sm3", b"abc") == ABC
