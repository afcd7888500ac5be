"""A corpus of hostile and broken input, through the API as a person or a script would send
it: each gets a clear 4xx with a message and writes nothing (row counts unchanged), or —
where the input is legitimate (GBK text, markup in a title) — is stored as text and shown
escaped.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from functools import lru_cache

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import text

from luoshi.interchange.breakdown_xlsx import breakdown_xlsx_bytes
from tests.conftest import Database
from tests.factories import World

Login = Callable[[str], TestClient]
TABLES = ("source", "directive", "work_line", "task", "report", "report_evidence", "audit_event")
SCRIPT = "<script>alert('x')</script><img src=x onerror=alert(1)>"
GBK_TEXT = "某省关于落实重点任务的分工方案\n一、扩大有效投资。加快推进重大项目开工建设。\n"


def _counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {
            t: int(session.execute(text(f"SELECT count(*) FROM {t}")).scalar_one()) for t in TABLES
        }


def _refused(response: object, *statuses: int) -> dict[str, object]:
    status = getattr(response, "status_code")  # noqa: B009 - any response type
    assert status in statuses, getattr(response, "text")  # noqa: B009
    body: dict[str, object] = getattr(response, "json")()  # noqa: B009
    assert body["error"] and body["message"], body
    return body


def _upload(client: TestClient, name: str, content: bytes) -> object:
    return client.post("/api/sources", files={"file": (name, content)}, data={"title": "t"})


def _docx(document_xml: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
        )
        archive.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def _zip_bomb() -> bytes:
    """A ~1 MB .docx whose document.xml unpacks to 1 GiB (built once per run)."""
    buffer = io.BytesIO()
    chunk = b" " * (1 << 22)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as member:
            for _ in range(256):
                member.write(chunk)
    return buffer.getvalue()


# -- uploads ---------------------------------------------------------------------------


def test_gbk_text_is_read_as_chinese(login: Login, db: Database) -> None:
    office = login("office")
    response = _upload(office, "gbk.txt", GBK_TEXT.encode("gbk"))
    assert response.status_code == 201, response.text  # type: ignore[attr-defined]
    source_id = response.json()["source_id"]  # type: ignore[attr-defined]
    assert "扩大有效投资" in office.get(f"/api/sources/{source_id}").json()["text"]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("binary.txt", bytes(range(256)) * 64),
        ("empty.txt", b""),
        ("nul.txt", b"\x00" * 4096),
        ("old.doc", b"\xd0\xcf\x11\xe0" + b"\x00" * 2048),
        ("scan.pdf", b"%PDF-1.4\n" + b"\x00" * 1024),
        ("book.xlsx", b"PK\x03\x04" + b"\x00" * 1024),
        ("broken.docx", b"PK\x03\x04not really a zip"),
    ],
)
def test_unreadable_files_are_refused_with_a_message(
    login: Login, db: Database, name: str, content: bytes
) -> None:
    office = login("office")
    before = _counts(db)
    _refused(_upload(office, name, content), 422)
    assert _counts(db) == before


def test_a_50_mb_file_is_413(login: Login, db: Database) -> None:
    office = login("office")
    before = _counts(db)
    body = _refused(_upload(office, "big.txt", "长".encode() * (50 * 1024 * 1024 // 3)), 413)
    assert "larger than" in str(body["message"])
    assert _counts(db) == before


@pytest.mark.slow
def test_a_zip_bomb_docx_is_refused_before_it_is_unpacked(login: Login, db: Database) -> None:
    office = login("office")
    bomb = _zip_bomb()
    assert len(bomb) < 2 * 1024 * 1024
    before = _counts(db)
    body = _refused(_upload(office, "bomb.docx", bomb), 422)
    assert "too large once unpacked" in str(body["message"])
    assert _counts(db) == before


def test_an_external_entity_in_a_docx_is_not_resolved(
    login: Login, db: Database, tmp_path: object
) -> None:
    """XXE: a document.xml that pulls a local file into the text must not leak it."""
    from pathlib import Path

    secret = Path(str(tmp_path)) / "secret.txt"
    secret.write_text("TOP-SECRET-42")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>扩大有效投资&xxe;加快推进重大项目</w:t></w:r></w:p></w:body>"
        "</w:document>"
    ).encode()
    office = login("office")
    before = _counts(db)
    response = _upload(office, "xxe.docx", _docx(xml))
    status = response.status_code  # type: ignore[attr-defined]
    if status == 201:
        source_id = response.json()["source_id"]  # type: ignore[attr-defined]
        assert "TOP-SECRET" not in office.get(f"/api/sources/{source_id}").json()["text"]
    else:
        _refused(response, 422)
        assert _counts(db) == before


def test_an_xxe_laden_xlsx_is_stored_as_evidence_and_never_parsed(
    login: Login, db: Database
) -> None:
    """Evidence is kept as bytes, checked by magic number only; the XXE never runs."""
    office, fgw = login("office"), login("fgw")
    task = office.post(
        "/api/tasks", json={"title": "t", "lead_unit": "p.fgw", "due_date": "2099-12-31"}
    ).json()
    office.post(f"/api/tasks/{task['id']}/transitions", json={"transition": "assign"})
    fgw.post(f"/api/tasks/{task['id']}/accept", json={})
    report = fgw.post(f"/api/tasks/{task['id']}/reports", json={"progress": 5}).json()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0"?><!DOCTYPE s [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            "<sst><si><t>&x;</t></si></sst>",
        )
    content = buffer.getvalue()
    response = fgw.post(
        f"/api/reports/{report['id']}/evidence", files={"files": ("x.xlsx", content)}
    )
    assert response.status_code == 201, response.text
    stored = fgw.get(f"/api/evidence/{response.json()[0]['id']}")
    assert stored.content == content  # the same bytes back: nothing was expanded


# -- formula injection -------------------------------------------------------------------


@pytest.mark.parametrize("payload", ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)"])
def test_exported_cells_cannot_be_formulas(payload: str) -> None:
    extraction = {
        "source": {"language": "zh"},
        "directives": [
            {"text": payload, "actors": [payload], "deadlines": [{"text": payload, "due": None}]}
        ],
    }
    sheet = load_workbook(io.BytesIO(breakdown_xlsx_bytes(extraction))).active
    cells = [c for c in sheet[2][1:] if c.value is not None]
    assert [c.column_letter for c in cells] == ["B", "C", "E"]
    for cell in cells:
        assert cell.data_type == "s", (cell.coordinate, cell.value)
        assert cell.value == "'" + payload


def test_a_formula_typed_into_a_task_is_stored_as_text(login: Login) -> None:
    office = login("office")
    payload = '=HYPERLINK("http://evil","click")'
    task = office.post("/api/tasks", json={"title": payload, "lead_unit": "p.fgw"})
    assert task.status_code == 201 and task.json()["title"] == payload


# -- fields --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    [
        {"due_date": "2023-02-30"},
        {"due_date": "31/12/2023"},
        {"due_date": "9999-12-31"},
        {"start_date": "yesterday"},
        {"due_date": 0},  # pydantic alone reads a number as a Unix timestamp
        {"due_date": "0.0"},
        {"lead_unit": "no.such.unit"},
        {"co_units": ["p.swt", "nowhere"]},
        {"title": "长" * 5_001},
        {"title": ""},
        {"description": "x" * 20_001},
        {"responsible_leader": "x" * 201},
        {"co_units": ["p.swt"] * 201},
        {"title": "a\x00b"},
        {"weight": 1e308},
        {"report_day": 29},
    ],
)
def test_bad_task_fields_are_refused_and_nothing_is_written(
    login: Login, db: Database, change: dict[str, object]
) -> None:
    office = login("office")
    before = _counts(db)
    body = {"title": "扩大有效投资", "lead_unit": "p.fgw", "due_date": "2023-12-31", **change}
    _refused(office.post("/api/tasks", json=body), 404, 422)
    assert _counts(db) == before


def test_an_over_long_report_is_refused_and_nothing_is_written(login: Login, db: Database) -> None:
    office, fgw = login("office"), login("fgw")
    task = office.post(
        "/api/tasks", json={"title": "t", "lead_unit": "p.fgw", "due_date": "2099-12-31"}
    ).json()
    office.post(f"/api/tasks/{task['id']}/transitions", json={"transition": "assign"})
    fgw.post(f"/api/tasks/{task['id']}/accept", json={})
    before = _counts(db)
    for field in ("done", "problems", "next_steps"):
        response = fgw.post(
            f"/api/tasks/{task['id']}/reports", json={"progress": 10, field: "x" * 5_001}
        )
        _refused(response, 422)
    assert _counts(db) == before


def test_markup_in_every_text_field_is_stored_as_text_and_shown_escaped(
    login: Login, world: World
) -> None:
    office, fgw = login("office"), login("fgw")
    response = office.post(
        "/api/tasks",
        json={
            "title": SCRIPT,
            "description": SCRIPT,
            "responsible_leader": SCRIPT,
            "lead_unit": "p.fgw",
            "due_date": "2099-12-31",
        },
    )
    assert response.status_code == 201, response.text
    task = response.json()
    assert (task["title"], task["description"], task["responsible_leader"]) == (SCRIPT,) * 3
    office.post(f"/api/tasks/{task['id']}/transitions", json={"transition": "assign"})
    fgw.post(f"/api/tasks/{task['id']}/accept", json={})
    report = fgw.post(
        f"/api/tasks/{task['id']}/reports",
        json={"progress": 10, "done": SCRIPT, "problems": SCRIPT, "next_steps": SCRIPT},
    )
    assert report.status_code == 201 and report.json()["done"] == SCRIPT
    page = office.get(f"/tasks/{task['id']}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(" in page.text
    listing = office.get("/tasks")
    assert "<script>alert" not in listing.text and "&lt;script&gt;" in listing.text


def test_an_over_long_report_typed_into_the_page_is_refused_on_the_page(
    login: Login, db: Database
) -> None:
    office, fgw = login("office"), login("fgw")
    task = office.post(
        "/api/tasks", json={"title": "t", "lead_unit": "p.fgw", "due_date": "2099-12-31"}
    ).json()
    office.post(f"/api/tasks/{task['id']}/transitions", json={"transition": "assign"})
    fgw.post(f"/api/tasks/{task['id']}/accept", json={})
    before = _counts(db)
    refused = fgw.post(
        f"/tasks/{task['id']}/reports?lang=en",
        data={"progress": "10", "done": "x" * 5_001},
        follow_redirects=False,
    )
    assert refused.status_code == 422 and "at most 5000 characters" in refused.text
    assert _counts(db) == before


@pytest.mark.parametrize("junk", ["0.0", "2023-13-01", "x" * 300, "2023-01-01\x00"])
def test_junk_query_parameters_are_422(login: Login, junk: str) -> None:
    office = login("office")
    _refused(office.get("/api/tasks", params={"overdue_on": junk}), 422)
    _refused(office.get("/api/tasks", params={"q": junk * 100}), 422)
