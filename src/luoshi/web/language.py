"""Which language a request is answered in, asked in one place.

In order: ``?lang=`` (a link that names it; kept for the session), the session's language
(set at login from the user's setting, and by the header's switch), for a reader not logged
in the browser's ``Accept-Language``, then the deployment's ``LUOSHI_LANGUAGE`` — a known
user who has not chosen reads the organisation's language, whatever their browser says.
Pages and error pages ask here, so a reader meets one language everywhere.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit

from starlette.requests import Request

from luoshi.i18n import LANGUAGES, Language, accepted_language, language_of
from luoshi.web.security import SESSION_ID_KEY

SESSION_KEY = "lang"


def _session(request: Request) -> dict[str, object] | None:
    return request.session if "session" in request.scope else None


def request_language(request: Request) -> Language:
    asked = request.query_params.get("lang")
    session = _session(request)
    if asked in LANGUAGES:
        if session is not None:
            session[SESSION_KEY] = asked
        return language_of(asked)
    if session is not None and session.get(SESSION_KEY) in LANGUAGES:
        return language_of(session[SESSION_KEY])
    logged_in = session is not None and SESSION_ID_KEY in session
    browser = accepted_language(request.headers.get("accept-language"))
    if browser is not None and not logged_in:
        return browser
    return language_of(request.app.state.settings.language)


def back_to(target: str) -> str:
    """A local path to return to after the switch, its query string kept but for ``lang``
    (anything not a plain local path becomes the home page)."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or "\\" in target:
        return "/"
    if parts.path.startswith("//"):
        return "/"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "lang"]
    return parts.path + (f"?{urlencode(query)}" if query else "")
