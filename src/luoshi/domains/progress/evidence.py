"""Evidence files on reports: checked (size, type, content), stored once by sha256.

Files live under ``settings.evidence_dir`` as ``ab/abcdef…`` (the first two hex digits of
the digest, then the digest). Writing a file is idempotent, so a file written by a
transaction that later rolls back is harmless: it is only found through a row.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath

from sqlalchemy.orm import Session

from luoshi.domains.progress.models import Report, ReportEvidence
from luoshi.domains.progress.service import get_report_for
from luoshi.domains.tasks import access
from luoshi.domains.tasks.models import Task
from luoshi.errors import InvalidInput, NotFound, PermissionDenied, TooLarge
from luoshi.kernel import audit
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings

# What a file of each type starts with; text types must decode instead.
_MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "gif": (b"GIF87a", b"GIF89a"),
    "webp": (b"RIFF",),
    "zip": (b"PK\x03\x04",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
    "ofd": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
    "ppt": (b"\xd0\xcf\x11\xe0",),
    "wps": (b"\xd0\xcf\x11\xe0", b"PK\x03\x04"),
    "et": (b"\xd0\xcf\x11\xe0", b"PK\x03\x04"),
}
_TEXT = frozenset({"txt", "csv"})
_EXTRA_TYPES = {
    "ofd": "application/ofd",
    "wps": "application/vnd.ms-works",
    "et": "application/vnd.ms-excel",
}


def clean_filename(filename: str) -> str:
    """The bare name of an uploaded file (no directories), at most 255 characters."""
    name = PureWindowsPath(PurePosixPath(filename).name).name.strip().replace("\x00", "")
    if not name or name in {".", ".."}:
        raise InvalidInput.of("err_evidence_file_needs_name")
    return name[-255:]


def check_file(filename: str, content: bytes, *, settings: Settings) -> tuple[str, str]:
    """The clean name and content type of an acceptable file, or InvalidInput."""
    name = clean_filename(filename)
    if not content:
        raise InvalidInput.of("err_name_empty", name=name)
    if len(content) > settings.evidence_max_bytes:
        raise TooLarge.of(
            "err_name_count_bytes_limit_evidence_max_bytes",
            name=name,
            count=len(content),
            evidence_max_bytes=settings.evidence_max_bytes,
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = {t.lower() for t in settings.evidence_allowed_types}
    if extension not in allowed:
        raise InvalidInput.of(
            "err_name_extension_not_accepted",
            name=name,
            extension=extension or "?",
            allowed=", ".join(sorted(allowed)),
        )
    if extension in _TEXT:
        try:
            content.decode("utf-8")
        except UnicodeDecodeError:
            try:
                content.decode("gb18030")
            except UnicodeDecodeError as exc:
                raise InvalidInput.of("err_name_not_text_file", name=name) from exc
    elif extension in _MAGIC and not content.startswith(_MAGIC[extension]):
        raise InvalidInput.of("err_name_not_extension_file", name=name, extension=extension)
    content_type = (
        _EXTRA_TYPES.get(extension)
        or mimetypes.guess_type(f"x.{extension}")[0]
        or "application/octet-stream"
    )
    return name, content_type


def evidence_path(settings: Settings, sha256: str) -> Path:
    return Path(settings.evidence_dir) / sha256[:2] / sha256


def store_file(settings: Settings, content: bytes) -> str:
    """Write ``content`` under its digest (once) and return the digest."""
    digest = hashlib.sha256(content).hexdigest()
    path = evidence_path(settings, digest)
    if path.exists():
        return digest
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return digest


def add_evidence(
    session: Session,
    *,
    actor: Actor,
    report_id: int,
    filename: str,
    content: bytes,
    settings: Settings,
) -> ReportEvidence:
    """Attach a file to a report of the actor's unit that is not accepted yet."""
    report = get_report_for(session, actor=actor, report_id=report_id, action="report.submit")
    _check_own_report(session, actor, report)
    if report.status == "accepted":
        raise InvalidInput.of("err_accepted_report_takes_no_more_evidence")
    name, content_type = check_file(filename, content, settings=settings)
    digest = store_file(settings, content)
    row = ReportEvidence(
        tenant_id=actor.tenant_id,
        report_id=report.id,
        report_period_end=report.period_end,
        filename=name,
        content_type=content_type,
        size=len(content),
        sha256=digest,
        uploaded_by_id=actor.user_id,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="report.evidence",
        object_type="report",
        object_id=report.id,
        new={"filename": name, "sha256": digest, "size": len(content)},
    )
    return row


def _check_own_report(session: Session, actor: Actor, report: Report) -> None:
    task = session.get(Task, report.task_id)
    mine = {u.id for u in access.spoken_for(session, actor, task)} if task else set()
    if report.unit_id not in mine:
        raise PermissionDenied.of("err_evidence_added_by_unit_that_filed_report")


def open_evidence(
    session: Session, *, actor: Actor, evidence_id: int, settings: Settings
) -> tuple[ReportEvidence, Path]:
    """An evidence row and the path of its file, for download by whoever sees the task."""
    row = session.get(ReportEvidence, evidence_id)
    if row is None or row.tenant_id != actor.tenant_id:
        raise NotFound.of("err_evidence_not_found")
    get_report_for(session, actor=actor, report_id=row.report_id, action="task.view")
    path = evidence_path(settings, row.sha256)
    if not path.is_file():
        raise NotFound.of("err_evidence_file_missing_from_storage")
    return row, path
