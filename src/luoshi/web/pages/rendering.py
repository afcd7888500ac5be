"""One Jinja2 environment for every page."""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context

from luoshi.domains.supervision import inbox, notify
from luoshi.errors import LuoshiError
from luoshi.i18n import format_date, format_decimal
from luoshi.kernel import audit
from luoshi.kernel.permissions import SYSTEM_USERNAME, Actor
from luoshi.web.i18n import translator
from luoshi.web.language import request_language
from luoshi.web.security import csrf_field, csrf_token_global

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent.parent / "templates")
# Every form carries {{ csrf_field() }}; base.html gives htmx the token as a header.
TEMPLATES.env.globals["csrf_field"] = csrf_field
TEMPLATES.env.globals["csrf_token"] = csrf_token_global


def current_page(request: Request) -> str:
    """This page's path and query (filters, sort, page), for the language switch to come
    back to; the ``lang`` parameter is left out, the switch sets the language itself."""
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    return request.url.path + ("?" + urlencode(query) if query else "")


TEMPLATES.env.globals["current_page"] = current_page


@pass_context
def event_words(context: Any, action: str) -> str:
    """An audit action code (``supervision.notice_yellow``) in the reader's words; a code the
    catalogue lacks is shown as it is (tests/test_i18n.py keeps them all in)."""
    labels = context.get("t") or {}
    key = f"event_{action}"
    return str(labels[key]) if key in labels else action


# {{ e.action | event }} on every history list.
TEMPLATES.env.filters["event"] = event_words


@pass_context
def note_words(context: Any, event: Any) -> str:
    """An audit event's note in the reader's language: a note the system wrote in English
    (a reminder, a light's date) carries its Chinese in ``new`` (kernel/audit.py:record);
    a person's note is shown as they wrote it."""
    # A register's history may come as the event's fields in a dict (docking.history_of).
    if isinstance(event, dict):
        new, note = event.get("new"), event.get("note")
    else:
        new, note = getattr(event, "new", None), getattr(event, "note", None)
    if context.get("lang", "zh") == "zh" and isinstance(new, dict) and new.get(audit.NOTE_ZH):
        return str(new[audit.NOTE_ZH])
    return str(note or "")


# {{ e | note }} on every history list.
TEMPLATES.env.filters["note"] = note_words


@pass_context
def who_words(context: Any, name: str | None) -> str:
    """Who did it, on a history list: the jobs and the demo act as the system actor, whose
    username ("system") reads as the word for it; a person by their username."""
    labels = context.get("t") or {}
    if name == SYSTEM_USERNAME and "actor_system" in labels:
        return str(labels["actor_system"])
    return name or ""


# {{ e.actor_name | who }} on every history list (the auditor's trail keeps the username).
TEMPLATES.env.filters["who"] = who_words

# The notes the services write on a link (kernel/links.py stores one English note): the
# words are the catalogue's, the blanks what the note names; any other note is a person's.
LINK_NOTES = (
    (re.compile(r"docking"), "note_link_docking"),
    (re.compile(r"landed as (?P<landed_as>[a-z_]+)"), "note_link_landed_as"),
    (
        re.compile(r"class (?P<outcome>[A-D]) commitment of round (?P<round>\d+)"),
        "note_link_commitment",
    ),
)


@pass_context
def link_note_words(context: Any, note: str) -> str:
    """A link's note in the reader's language (a docked task, a support item's landing, a
    proposal's commitment); a note a person wrote is shown as written."""
    labels = context.get("t") or {}
    for pattern, key in LINK_NOTES:
        found = pattern.fullmatch(note or "")
        if found is None or key not in labels:
            continue
        params = found.groupdict()
        if "landed_as" in params:
            word = f"landed_as_{params['landed_as']}"
            params["landed_as"] = str(labels[word]) if word in labels else params["landed_as"]
        return str(labels[key]).format(**params)
    return note or ""


# {{ link.note | link_note }} wherever a record's links are listed.
TEMPLATES.env.filters["link_note"] = link_note_words

# A task message's title as the supervision domain writes it, both languages in one line:
# "【黄色督办单】S1-005 2023-06进展报告 / Yellow supervision notice: S1-005 report for 2023-06".
# The English half names the same task code after its label; a title that merely holds " / "
# (a proposal's) does not match.
BILINGUAL_TITLE = re.compile(
    r"(?P<zh>【[^】]+】(?P<code>\S+).*?) / (?P<en>[^/]*?: (?P=code)(?!\S).*)"
)


# A register chase's title (supervision/chase.py): "【提醒】重点项目“X”2023-04月报 /
# Reminder: the monthly report of project XM-01 for 2023-04", the English half opening with
# the step's English label. Before, it read "提醒 Reminder: <the English>".
_STEPS_ZH = "|".join(re.escape(zh) for zh, _ in notify.STEP_LABELS.values())
_STEPS_EN = "|".join(re.escape(en) for _, en in notify.STEP_LABELS.values())
CHASE_TITLE = re.compile(rf"(?P<zh>【(?:{_STEPS_ZH})】.*?) / (?P<en>(?:{_STEPS_EN}): .*)")
# A proposal's (proposals/service.py:_tell): "【建议0001】<title> / Suggestion 0001: <title>";
# before, its Chinese half alone.
PROPOSAL_TITLE = re.compile(
    r"(?P<zh>【(?:建议|提案)[^】]+】.*?) / (?P<en>(?:Suggestion|Proposal) [^ :]+: .*)"
)
OLD_CHASE_TITLE = re.compile(rf"(?P<label>{_STEPS_ZH}) (?P<en>(?:{_STEPS_EN}): (?P<what>.*))")


@pass_context
def inbox_title(context: Any, title: str) -> str:
    """An inbox title in the reader's half, as the page already shows the body."""
    chinese = context.get("lang", "zh") == "zh"
    found = (
        BILINGUAL_TITLE.fullmatch(title)
        or CHASE_TITLE.fullmatch(title)
        or PROPOSAL_TITLE.fullmatch(title)
    )
    if found is not None:
        return found["zh"] if chinese else found["en"]
    old = OLD_CHASE_TITLE.fullmatch(title)
    if old is not None:
        # Its subject was written in English only: the step at least in the reader's words.
        return f"【{old['label']}】{old['what']}" if chinese else old["en"]
    return title


TEMPLATES.env.filters["inbox_title"] = inbox_title


@pass_context
def day_words(context: Any, value: date | datetime | None, style: str = "medium") -> str:
    """{{ task.due_date | day }}: 2023年6月30日 / Jun 30, 2023 (luoshi/i18n.py)."""
    return format_date(value, str(context.get("lang", "zh")), style)


@pass_context
def number_words(context: Any, value: int | float | Decimal | None) -> str:
    """{{ project.investment | number }}: 1,234,567.5 with the reader's marks."""
    return format_decimal(value, str(context.get("lang", "zh")))


def readable_json(value: Any) -> str:
    """{{ e.new | readable }}: an audit value as JSON with its Chinese as written, not as
    \\u escapes (tojson's ASCII); the page's autoescape escapes the markup."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


TEMPLATES.env.filters["readable"] = readable_json
TEMPLATES.env.filters["day"] = day_words
TEMPLATES.env.filters["number"] = number_words


def page_language(request: Request) -> str:
    """The reader's language (web/language.py)."""
    return request_language(request)


def said(request: Request, error: LuoshiError) -> str:
    """What a refused action says, in the reader's language (web/errors.py)."""
    from luoshi.web.errors import message_for  # errors imports this module's render lazily

    return message_for(error, page_language(request))


def unread_count(request: Request, actor: Any) -> int:
    """The header's count of unread messages, read in a short session of its own (the
    page's own session may be mid-way through its transaction)."""
    if not isinstance(actor, Actor) or actor.user_id is None:
        return 0
    with request.app.state.session_factory() as session:
        return inbox.unread_count(session, actor=actor)


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    lang = page_language(request)
    unread = unread_count(request, context.get("actor"))
    return TEMPLATES.TemplateResponse(
        request,
        template,
        {"t": translator(lang), "lang": lang, "unread": unread, **context},
        status_code=status_code,
    )
