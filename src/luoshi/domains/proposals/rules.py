"""The proposal state machine, its deadlines, its light and its statistics. Pure: no database.

registered ─assign─▶ assigned ─accept─▶ accepted ─draft─▶ replying ─submit─▶ countersigning
    │                  │  ▲                                   ▲  ▲              │ all co-units
    split              │  └─assign─ returned ◀─return─┘       │  └──object──────┤ signed
    ▼                  │                                      │                 ▼
  split (one child per unit)                     rehandling ─draft┘        countersigned
                                                     ▲                          │ send
                          closed ◀─close─ rated ◀─rate (satisfied, basically)─ replied
                                                     └──rate (unsatisfied)──────┘
"""

from __future__ import annotations

import calendar as _calendar
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from luoshi.errors import InvalidTransition
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.pace import Light, reason

KINDS = ("suggestion", "proposal")
OUTCOMES = ("A", "B", "C", "D")
# B (being solved, in plan) and C (when conditions allow) promise something: a task follows.
COMMITTED = frozenset({"B", "C"})
SATISFACTIONS = ("satisfied", "basically", "unsatisfied")

STATES = (
    "registered",
    "assigned",
    "returned",
    "accepted",
    "replying",
    "countersigning",
    "countersigned",
    "replied",
    "rated",
    "rehandling",
    "closed",
    "split",
)

# transition → (allowed from-states, to-state); "" means the service decides (see next_state).
TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "assign": (frozenset({"registered", "returned"}), "assigned"),
    "split": (frozenset({"registered", "returned"}), "split"),
    "accept": (frozenset({"assigned"}), "accepted"),
    "return": (frozenset({"assigned"}), "returned"),
    "draft": (frozenset({"accepted", "rehandling", "replying"}), "replying"),
    "submit": (frozenset({"replying"}), ""),  # countersigning, or countersigned without co-units
    "countersign": (frozenset({"countersigning"}), ""),  # countersigned once all have signed
    "object": (frozenset({"countersigning"}), "replying"),
    "send": (frozenset({"countersigned"}), "replied"),
    "rate": (frozenset({"replied"}), ""),  # rated, or rehandling when unsatisfied
    "close": (frozenset({"rated", "replied"}), "closed"),
}

# Who fires what: the office keeps the register, the lead unit handles, co-units sign.
OFFICE_TRANSITIONS = frozenset({"assign", "split", "send", "rate", "close"})
LEAD_TRANSITIONS = frozenset({"accept", "return", "draft", "submit"})
CO_UNIT_TRANSITIONS = frozenset({"countersign", "object"})

# The reply is owed (and chased) in these states.
OPEN_STATES = frozenset(
    {"assigned", "accepted", "replying", "countersigning", "countersigned", "rehandling"}
)
ANSWERED_STATES = frozenset({"replied", "rated", "closed"})


def next_state(
    current: str,
    transition: str,
    *,
    has_co_units: bool = False,
    all_signed: bool = False,
    satisfaction: str | None = None,
) -> str:
    """The state after ``transition`` from ``current``, or InvalidTransition."""
    if transition not in TRANSITIONS:
        raise InvalidTransition.of("err_unknown_transition_transition", transition=transition)
    allowed, target = TRANSITIONS[transition]
    if current not in allowed:
        raise InvalidTransition.of(
            "err_cannot_transition_proposal_that_current",
            transition=transition,
            current=current,
            details={"state": current, "allowed_from": sorted(allowed)},
        )
    if transition == "submit":
        return "countersigning" if has_co_units else "countersigned"
    if transition == "countersign":
        return "countersigned" if all_signed else "countersigning"
    if transition == "rate":
        if satisfaction not in SATISFACTIONS:
            raise InvalidTransition.of(
                "err_satisfaction_one_satisfactions", satisfactions=", ".join(SATISFACTIONS)
            )
        return "rehandling" if satisfaction == "unsatisfied" else "rated"
    return target


def allowed_transitions(current: str) -> list[str]:
    return [name for name, (allowed, _) in TRANSITIONS.items() if current in allowed]


# ---------------------------------------------------------------- deadlines


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, _calendar.monthrange(year, month)[1]))


def return_window_end(assigned_on: date, *, days: int, calendar: WorkingCalendar) -> date:
    """The last working day the lead unit may return the assignment."""
    return calendar.add_working_days(assigned_on, days)


def reply_due(start: date, *, months: int) -> date:
    """The reply is due ``months`` after the assignment (or after the unsatisfied rating)."""
    return add_months(start, months)


def commitment_due(outcome: str, sent_on: date) -> date:
    """When a B or C commitment without its own date is followed to: the end of the year the
    reply was sent for B (in this year's plan), the end of the next year for C."""
    return date(sent_on.year + (0 if outcome == "B" else 1), 12, 31)


# ---------------------------------------------------------------- light

TEMPLATES: dict[str, tuple[str, str]] = {
    "proposal_not_assigned": ("not yet assigned", "尚未交办"),
    "proposal_returned": (
        "returned by the lead unit, awaiting reassignment",
        "承办单位已退回，待重新交办",
    ),
    "proposal_reply_overdue": (
        "reply overdue by {days} days (due {due})",
        "答复已逾期 {days} 天（应于 {due} 前答复）",
    ),
    "proposal_reply_due_soon": (
        "reply due {due}, in {days} working days",
        "应于 {due} 前答复，还剩 {days} 个工作日",
    ),
    "proposal_reply_on_track": ("reply due {due}", "应于 {due} 前答复"),
    "proposal_answered": ("answered on {sent}", "已于 {sent} 答复"),
    "proposal_answered_late": (
        "answered on {sent}, after the deadline {due}",
        "已于 {sent} 答复，晚于时限 {due}",
    ),
    "proposal_split": ("split among units: see each part", "已分办，见各分办件"),
}


def proposal_light(
    *,
    state: str,
    reply_due: date | None,
    sent_on: date | None,
    on: date,
    calendar: WorkingCalendar,
    due_soon_working_days: int,
) -> Light:
    """Green, yellow or red against the reply deadline; completed once answered."""
    if state == "split":
        return Light("not_started", (reason("proposal_split", TEMPLATES),))
    if state == "registered":
        return Light("not_started", (reason("proposal_not_assigned", TEMPLATES),))
    if state == "returned":
        return Light("yellow", (reason("proposal_returned", TEMPLATES),))
    if state in ANSWERED_STATES:
        sent = (sent_on or on).isoformat()
        if reply_due is not None and sent_on is not None and sent_on > reply_due:
            why = reason("proposal_answered_late", TEMPLATES, sent=sent, due=reply_due.isoformat())
        else:
            why = reason("proposal_answered", TEMPLATES, sent=sent)
        return Light("completed", (why,))
    if reply_due is None:
        return Light("not_started", (reason("proposal_not_assigned", TEMPLATES),))
    due = reply_due.isoformat()
    if on > reply_due:
        days = (on - reply_due).days
        return Light("red", (reason("proposal_reply_overdue", TEMPLATES, days=days, due=due),))
    left = calendar.working_days_between(on, reply_due)
    if left <= due_soon_working_days:
        return Light("yellow", (reason("proposal_reply_due_soon", TEMPLATES, days=left, due=due),))
    return Light("green", (reason("proposal_reply_on_track", TEMPLATES, due=due),))


# ---------------------------------------------------------------- statistics


@dataclass(frozen=True)
class Fact:
    """What the statistics need of one proposal (a split parent is not one: its parts are)."""

    kind: str
    unit: str | None  # the lead unit's code
    state: str
    first_due: date | None  # the first round's reply deadline
    first_sent: date | None  # when the first round's reply was sent
    outcome: str | None  # the latest reply's class
    satisfaction: str | None  # the latest rating


@dataclass(frozen=True)
class Stats:
    total: int
    answered: int
    due: int  # first replies due by the day, or sent
    on_time: int
    on_time_rate: float | None
    outcomes: dict[str, int]
    outcome_shares: dict[str, float]
    satisfaction: dict[str, int]
    satisfaction_shares: dict[str, float]

    def as_dict(self) -> dict[str, object]:
        return {
            "total": self.total,
            "answered": self.answered,
            "due": self.due,
            "on_time": self.on_time,
            "on_time_rate": self.on_time_rate,
            "outcomes": self.outcomes,
            "outcome_shares": self.outcome_shares,
            "satisfaction": self.satisfaction,
            "satisfaction_shares": self.satisfaction_shares,
        }


def _shares(counts: Mapping[str, int], keys: Iterable[str]) -> dict[str, float]:
    total = sum(counts.values())
    return {k: (round(counts.get(k, 0) / total, 4) if total else 0.0) for k in keys}


def stats(facts: Iterable[Fact], *, on: date) -> Stats:
    """On-time reply rate (a first reply sent by its deadline, over first replies sent or
    due by ``on``), the shares of outcome classes among answered proposals, and of the
    latest satisfaction among rated ones."""
    rows = [f for f in facts if f.state != "split"]
    due = on_time = 0
    for f in rows:
        if f.first_sent is not None:
            due += 1
            on_time += f.first_due is None or f.first_sent <= f.first_due
        elif f.first_due is not None and f.first_due < on:
            due += 1
    outcomes = Counter(f.outcome for f in rows if f.outcome and f.first_sent is not None)
    ratings = Counter(f.satisfaction for f in rows if f.satisfaction)
    return Stats(
        total=len(rows),
        answered=sum(1 for f in rows if f.first_sent is not None),
        due=due,
        on_time=on_time,
        on_time_rate=round(on_time / due, 4) if due else None,
        outcomes={k: outcomes.get(k, 0) for k in OUTCOMES},
        outcome_shares=_shares(outcomes, OUTCOMES),
        satisfaction={k: ratings.get(k, 0) for k in SATISFACTIONS},
        satisfaction_shares=_shares(ratings, SATISFACTIONS),
    )


def stats_by_unit(facts: Iterable[Fact], *, on: date) -> dict[str, Stats]:
    """The same statistics for each lead unit (unassigned proposals left out)."""
    groups: dict[str, list[Fact]] = defaultdict(list)
    for f in facts:
        if f.unit is not None:
            groups[f.unit].append(f)
    return {unit: stats(group, on=on) for unit, group in sorted(groups.items())}
