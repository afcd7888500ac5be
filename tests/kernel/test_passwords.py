"""The password policy profiles, without a database."""

from __future__ import annotations

import pytest

from luoshi.errors import InvalidInput
from luoshi.kernel import passwords
from luoshi.kernel.passwords import POLICIES, is_common, problems
from luoshi.kernel.users import check_new_password

MLPS, ASVS = POLICIES["mlps"], POLICIES["asvs"]


def test_the_shipped_list_is_about_ten_thousand_common_passwords() -> None:
    common = passwords.common_passwords()
    assert 10_000 <= len(common) <= 30_000
    for known in ("123456", "password", "qwerty123", "woaini1314", "admin@123", "1qaz2wsx"):
        assert known in common


@pytest.mark.parametrize(
    "password", ["Password@123", "P@ssw0rd", "Qwerty123!", "Sunshine!2024", "ADMIN@123"]
)
def test_common_passwords_are_refused_however_decorated(password: str) -> None:
    assert is_common(password)
    for policy in (MLPS, ASVS):
        assert any("common" in p for p in problems(password, username="ann", policy=policy))


def test_mlps_wants_eight_characters_of_three_classes() -> None:
    assert problems("Gx7-kq", username="ann", policy=MLPS) == [
        "a password has at least 8 characters"
    ]
    only_two = problems("gxqkvbtmwz-", username="ann", policy=MLPS)
    assert len(only_two) == 1 and "at least 3 of" in only_two[0]
    assert problems("gxqk-vbt7", username="ann", policy=MLPS) == []
    assert MLPS.max_age is not None and MLPS.max_age.days == 90 and MLPS.history == 5


def test_asvs_wants_length_not_composition() -> None:
    assert problems("gxqkvbtmwzrd", username="ann", policy=ASVS) == []
    assert problems("gxqk-vbt7", username="ann", policy=ASVS) == [
        "a password has at least 12 characters"
    ]
    assert problems("x" * 7 + "gxqkvbtmwzrd" * 10, username="ann", policy=ASVS) == []
    assert ASVS.max_age is None and ASVS.history == 0


def test_a_password_may_not_contain_the_username() -> None:
    found = problems("xAnnabel-42q", username="annabel", policy=MLPS)
    assert found == ["a password may not contain the username"]


def test_every_reason_is_given_at_once() -> None:
    with pytest.raises(InvalidInput) as caught:
        check_new_password("ann", username="ann", policy="mlps")
    assert caught.value.details == {
        "password": [
            "a password has at least 8 characters",
            "a password mixes at least 3 of: lower-case letters, upper-case letters, "
            "digits, symbols",
            "a password may not contain the username",
        ]
    }
