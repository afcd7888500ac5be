"""Why a light is what it is: reason codes with parameters, rendered in English and Chinese.

A reason is stored as ``{"code", "params", "en", "zh"}`` in the light history, and rendered
in the deployment's language on the task. Pure: no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

LANGUAGES = ("en", "zh")

# code → (English, Chinese) templates; params fill the braces.
TEMPLATES: dict[str, tuple[str, str]] = {
    "completed": ("completed", "已完成"),
    "closed": ("closed", "已关闭"),
    "draft": ("not assigned yet", "尚未交办"),
    "awaiting_acceptance": (
        "assigned on {assigned}, awaiting acceptance until {window_end}",
        "已于{assigned}交办，{window_end}前待签收",
    ),
    "returned": ("returned by the unit: {reason}", "承办单位退回：{reason}"),
    "suspended": ("suspended", "已暂停"),
    "starts_later": ("starts on {start}", "{start}开始"),
    "overdue": (
        "overdue by {days} working {day_word} (due {due})",
        "已逾期{days}个工作日（期限{due}）",
    ),
    "behind": (
        "reported {progress}% with {elapsed}% of the time gone",
        "已报进度{progress}%，时间已过{elapsed}%",
    ),
    "on_track": (
        "on track: reported {progress}% with {elapsed}% of the time gone",
        "进度正常：已报进度{progress}%，时间已过{elapsed}%",
    ),
    "no_due_date": ("no due date; reported {progress}%", "未设期限，已报进度{progress}%"),
    "first_report_due": ("first report due on {due}", "首次进展报告应于{due}前报送"),
    "nothing_reported": ("no progress reported yet", "尚未报送进展"),
    "due_today": ("due today ({due}) at {progress}%", "今天（{due}）到期，进度{progress}%"),
    "past_due": ("past the due date {due}", "已过期限{due}"),
    "due_soon": (
        "due in {days} working {day_word} ({due}) at {progress}%",
        "距期限（{due}）还有{days}个工作日，进度{progress}%",
    ),
    "report_missing": ("no report for {period}", "{period}未报送进展"),
    "report_late": (
        "report for {period} filed late on {filed} (due {due})",
        "{period}进展逾期报送（{filed}报送，应于{due}前）",
    ),
    "report_returned": (
        "report for {period} returned, not filed again",
        "{period}进展被退回，尚未重报",
    ),
    "instruction_unanswered": (
        "leader's instruction of {written} not answered",
        "{written}领导批示尚未回复",
    ),
}


@dataclass(frozen=True)
class Reason:
    """One reason for a light, with the severity it carries."""

    code: str
    severity: str  # the light this reason alone would give: green, yellow, red, …
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, language: str) -> str:
        english, chinese = TEMPLATES[self.code]
        template = chinese if language == "zh" else english
        days = self.params.get("days")
        day_word = "day" if days == 1 else "days"
        return template.format(day_word=day_word, **self.params)

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity,
            "params": dict(self.params),
            "en": self.render("en"),
            "zh": self.render("zh"),
        }
