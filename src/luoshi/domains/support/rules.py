"""Support items without a database: the status machine, what a landing needs, the light."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from luoshi.errors import InvalidInput, InvalidTransition
from luoshi.kernel.pace import Light, reason

STATUSES = ("asked", "agreed", "landed", "dropped")
OPEN_STATUSES = frozenset({"asked", "agreed"})
LANDED_AS = ("policy", "fund", "project")

# transition → (the statuses it leaves from, the status it reaches)
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "agree": (frozenset({"asked"}), "agreed"),
    "land": (frozenset({"agreed"}), "landed"),
    "drop": (frozenset({"asked", "agreed"}), "dropped"),
}

REASONS: dict[str, tuple[str, str]] = {
    "support_asked": ("asked on {asked_on}, awaiting the ministry", "{asked_on}提出，待部委回复"),
    "support_asked_long": (
        "asked {days} days ago and not yet agreed",
        "已提出{days}天，尚未达成一致",
    ),
    "support_no_expected": (
        "agreed, but no date is set for it to land",
        "已达成一致，但未明确落地时间",
    ),
    "support_due_in": (
        "agreed; expected to land by {due} ({days} days left)",
        "已达成一致，预计{due}前落地（剩余{days}天）",
    ),
    "support_overdue": (
        "expected to land by {due}: {days} days late",
        "应于{due}前落地，已逾期{days}天",
    ),
    "support_landed": ("landed as {landed_as} on {on}", "已于{on}落地（{landed_as_zh}）"),
    "support_dropped": ("dropped on {on}: {reason}", "已于{on}放弃：{reason}"),
}
LANDED_AS_ZH = {"policy": "政策", "fund": "资金", "project": "项目"}


def allowed_transitions(status: str) -> list[str]:
    return [name for name, (froms, _) in TRANSITIONS.items() if status in froms]


def next_status(status: str, transition: str) -> str:
    """The status ``transition`` leads to from ``status``; refused when it does not apply."""
    if transition not in TRANSITIONS:
        raise InvalidInput.of(
            "err_unknown_transition_transition_agree_land_or_drop", transition=transition
        )
    froms, to = TRANSITIONS[transition]
    if status not in froms:
        raise InvalidTransition.of(
            "err_support_item_that_status_cannot_transition",
            status=status,
            transition=transition,
            details={"status": status, "allowed": allowed_transitions(status)},
        )
    return to


@dataclass(frozen=True)
class Landing:
    """What a support item landed as, with the detail that proves it."""

    landed_as: str
    fund_amount: Decimal | None = None
    policy_document: str = ""
    project_name: str = ""


def check_landing(landing: Landing) -> None:
    """A fund names its amount, a policy its document, a project its name."""
    if landing.landed_as not in LANDED_AS:
        raise InvalidInput.of("err_landed_as_one_landed_as", landed_as=", ".join(LANDED_AS))
    if landing.landed_as == "fund" and (landing.fund_amount is None or landing.fund_amount <= 0):
        raise InvalidInput.of("err_fund_that_landed_needs_amount_above_zero")
    if landing.landed_as == "policy" and not landing.policy_document.strip():
        raise InvalidInput.of("err_policy_that_landed_needs_name_document")
    if landing.landed_as == "project" and not landing.project_name.strip():
        raise InvalidInput.of("err_project_that_landed_needs_name")


def check_drop(reason_text: str) -> None:
    if not reason_text.strip():
        raise InvalidInput.of("err_dropping_support_item_needs_reason")


@dataclass(frozen=True)
class ItemState:
    """The part of a support item its light is read from."""

    status: str
    asked_on: date | None = None
    expected_on: date | None = None
    landed_on: date | None = None
    dropped_on: date | None = None
    landed_as: str | None = None
    drop_reason: str = ""


def light_of(item: ItemState, *, on: date, follow_up_days: int, due_soon_days: int) -> Light:
    """Green while on course; yellow when an ask waits long, an agreement has no date or
    its date is near; red once the expected date has passed; closed items are completed."""
    if item.status == "landed":
        landed = item.landed_as or ""
        when = (item.landed_on or on).isoformat()
        return Light(
            "completed",
            (
                reason(
                    "support_landed",
                    REASONS,
                    landed_as=landed,
                    landed_as_zh=LANDED_AS_ZH.get(landed, landed),
                    on=when,
                ),
            ),
        )
    if item.status == "dropped":
        when = (item.dropped_on or on).isoformat()
        return Light(
            "completed",
            (reason("support_dropped", REASONS, on=when, reason=item.drop_reason),),
        )
    if item.status == "asked":
        asked = item.asked_on or on
        days = (on - asked).days
        if days > follow_up_days:
            return Light("yellow", (reason("support_asked_long", REASONS, days=days),))
        return Light("green", (reason("support_asked", REASONS, asked_on=asked.isoformat()),))
    if item.expected_on is None:
        return Light("yellow", (reason("support_no_expected", REASONS),))
    left = (item.expected_on - on).days
    due = item.expected_on.isoformat()
    if left < 0:
        return Light("red", (reason("support_overdue", REASONS, due=due, days=-left),))
    color = "yellow" if left <= due_soon_days else "green"
    return Light(color, (reason("support_due_in", REASONS, due=due, days=left),))
