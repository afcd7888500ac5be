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

from luoshi.domains.supervision import inbox
from luoshi.errors import LuoshiError
from luoshi.i18n import format_date, format_decimal
from luoshi.kernel import audit
from luoshi.kernel.permissions import Actor
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
    new = getattr(event, "new", None)
    if context.get("lang", "zh") == "zh" and isinstance(new, dict) and new.get(audit.NOTE_ZH):
        return str(new[audit.NOTE_ZH])
    return str(getattr(event, "note", "") or "")


# {{ e | note }} on every history list.
TEMPLATES.env.filters["note"] = note_words

# A task message's title as the supervision domain writes it, both languages in one line:
# "【黄色督办单】S1-005 2023-06进展报告 / Yellow supervision notice: S1-005 report for 2023-06".
# The English half names the same task code after its label; a title that merely holds " / "
# (a proposal's) does not match.
BILINGUAL_TITLE = re.compile(
    r"(?P<zh>【[^】]+】(?P<code>\S+).*?) / (?P<en>[^/]*?: (?P=code)(?!\S).*)"
)


@pass_context
def inbox_title(context: Any, title: str) -> str:
    """An inbox title in the reader's half, as the page already shows the body."""
    found = BILINGUAL_TITLE.fullmatch(title)
    if found is None:
        return title
    return found["zh"] if context.get("lang", "zh") == "zh" else found["en"]


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
