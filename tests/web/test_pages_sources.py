"""The review page: a source's text with its spans, the directives edited, merged, published."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from luoshi.web.pages.highlight import Mark, pieces
from tests.factories import World

EN_READOUT = """Readout of the Provincial Executive Meeting
On March 16, 2023, the provincial government held an executive meeting.
The meeting pointed out that the economy recovered well in the first two months.
Do a good job in project investment. The Development and Reform Commission must speed up \
the construction of key projects and complete 30 new starts in the first quarter. \
All counties should strengthen project reserves before the end of June.
Do a good job in consumption recovery. The Department of Commerce must organise the \
"Spring Shopping Festival" and raise retail sales by 5 percent this year.
The meeting also heard a report on the weather.
"""

ZH_READOUT = """某省政府常务会议纪要
2023年3月16日，省政府召开常务会议。
会议指出，今年以来全省经济运行总体平稳。
一要抓好项目投资。省发改委要加快重点项目建设，一季度新开工项目30个。各市要在6月底前完成项目储备。
二要促进消费恢复。省商务厅要组织开展“春季消费季”活动，全年社会消费品零售总额增长5%。各市要在年内举办促消费活动。
会议还听取了天气情况汇报。
"""

Login = Callable[[str], TestClient]


def _upload(client: TestClient, text: str, name: str = "readout.txt") -> int:
    response = client.post(
        "/sources",
        files={"file": (name, text.encode("utf-8"), "text/plain")},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    match = re.fullmatch(r"/sources/(\d+)", response.headers["location"])
    assert match
    return int(match.group(1))


def _breakdown(client: TestClient, source_id: int) -> dict[str, Any]:
    response = client.get(f"/api/sources/{source_id}/breakdown")
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    return data


def _by_key(client: TestClient, source_id: int) -> dict[str, dict[str, Any]]:
    return {d["key"]: d for d in _breakdown(client, source_id)["directives"]}


def _unit_ids(client: TestClient) -> dict[str, int]:
    return {u["code"]: u["id"] for u in client.get("/api/units").json()}


def test_pieces_give_the_text_back_and_prefer_the_narrowest_span() -> None:
    text = "0123456789abcdef"
    marks = [
        Mark(2, 12, "directive", 1, "D1"),  # a merged directive covering a heading
        Mark(5, 7, "heading", 9, "W1"),
        Mark(14, 16, "directive", 2, "D2"),
        Mark(20, 30, "directive", 3, "D3"),  # out of range: ignored
    ]
    cut = pieces(text, marks)
    assert "".join(p.text for p in cut) == text
    shown = [(p.text, p.mark.label if p.mark else None, p.first) for p in cut]
    assert shown == [
        ("01", None, False),
        ("234", "D1", True),
        ("56", "W1", True),
        ("789ab", "D1", False),
        ("cd", None, False),
        ("ef", "D2", True),
    ]
    assert pieces("", marks) == []


def test_the_text_is_shown_with_spans_headings_and_attributes(login: Login, world: World) -> None:
    office = login("office")
    source_id = _upload(office, EN_READOUT)
    page = office.get(f"/sources/{source_id}?lang=en")
    assert page.status_code == 200
    html = page.text
    directives = _by_key(office, source_id)
    assert len(directives) == 3
    for d in directives.values():
        # Each span is marked in the text, and each directive links to its span and back.
        assert f'id="span-{d["id"]}"' in html
        assert f'href="#span-{d["id"]}"' in html
        assert f'href="#dir-{d["id"]}"' in html
    assert html.count('<strong class="heading" id="wl-') == 2
    assert "Do a good job in project investment</strong>" in html
    # What was left out stays in the text, unmarked.
    assert "The meeting also heard a report on the weather." in html
    assert "weather.</mark>" not in html
    # The extracted attributes.
    assert "“before the end of June” → <time>2023-06-30</time>" in html
    assert "“30 new starts”: 30 starts" in html
    assert "Spring Shopping Festival" in html
    assert "Investment and key projects" in html
    # The suggested lead unit is pre-selected, with its score and reasons shown.
    d1 = directives["D1"]
    assert d1["lead_unit_id"] == _unit_ids(office)["p.fgw"]
    form = _form_of(html, d1["id"])
    assert '<option value="p.fgw" selected>' in form
    assert re.search(r'class="score"[^>]*>0\.\d\d<', html)
    assert "named in text: Development and Reform Commission" in html
    assert 'value="2023-03-31"' in form
    assert "Publish as tasks" in html and "Merge selected" in html


def _form_of(html: str, directive_id: int) -> str:
    start = html.index(f'id="dir-{directive_id}"')
    return html[start : html.index("</article>", start)]


def test_review_edit_reject_merge_and_publish(login: Login, world: World) -> None:
    office = login("office")
    source_id = _upload(office, ZH_READOUT)
    page = office.get(f"/sources/{source_id}?lang=zh")
    assert page.status_code == 200
    assert "发布为任务" in page.text and "合并所选" in page.text
    d = _by_key(office, source_id)
    assert sorted(d) == ["D1", "D2", "D3", "D4"]
    units = _unit_ids(office)

    # D1: the reviewer rewords it, moves the lead to Commerce with a co-unit, sets a date.
    response = office.post(
        f"/sources/{source_id}/directives/{d['D1']['id']}",
        data={
            "edit": "1",
            "title": "加快重点项目建设",
            "lead_unit": "p.swt",
            "co_units": ["", "p.fgw", "p.a"],
            "due_date": "2023-04-15",
            "status": "confirmed",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/sources/{source_id}#dir-{d['D1']['id']}"
    # D2 is rejected; D3 and D4 are merged.
    response = office.post(
        f"/sources/{source_id}/directives/{d['D2']['id']}",
        data={"status": "rejected"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    response = office.post(
        f"/sources/{source_id}/merge",
        data={"ids": [str(d["D4"]["id"]), str(d["D3"]["id"])]},
        follow_redirects=False,
    )
    assert response.status_code == 303
    after = _by_key(office, source_id)
    assert after["D1"]["title"] == "加快重点项目建设"
    assert after["D1"]["lead_unit_id"] == units["p.swt"]
    assert after["D1"]["co_unit_ids"] == [units["p.fgw"], units["p.a"]]
    assert after["D1"]["due_date"] == "2023-04-15"
    assert after["D1"]["status"] == "confirmed"
    assert after["D2"]["status"] == "rejected"
    assert after["D4"]["status"] == "merged"
    assert after["D3"]["text"].startswith("省商务厅") and after["D3"]["text"].endswith(
        "促消费活动。"
    )

    page = office.get(f"/sources/{source_id}").text
    assert f'<mark class="rejected first" data-directive="{d["D2"]["id"]}"' in page
    assert f'id="span-{d["D4"]["id"]}"' not in page  # folded into D3's span
    assert "已并入 D3" in page

    # D3 (D4 merged into it) is still an unconfirmed draft: publishing it too asks first,
    # listing it, and publishes nothing.
    response = office.post(
        f"/sources/{source_id}/publish",
        data={"report_cycle": "quarterly", "scope": "all"},
        follow_redirects=False,
    )
    assert response.status_code == 200
    assert "将同时发布 1 条未确认的草稿" in response.text
    assert f'<a href="#dir-{d["D3"]["id"]}">D3</a>' in response.text
    assert 'name="drafts_confirmed" value="true"' in response.text
    assert office.get("/api/tasks", params={"source_id": source_id}).json()["total"] == 0
    response = office.post(
        f"/sources/{source_id}/publish",
        data={"report_cycle": "quarterly", "scope": "all", "drafts_confirmed": "true"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/tasks?q=S{source_id}-"
    listing = office.get(response.headers["location"])
    assert listing.status_code == 200
    assert "已发布 2 项任务；还有 0 条未确认的草稿未发布。" in listing.text
    assert "已发布" not in office.get(response.headers["location"]).text  # said once
    assert f"S{source_id}-001" in listing.text and f"S{source_id}-002" in listing.text

    made = office.get("/api/tasks", params={"source_id": source_id}).json()["items"]
    by_directive = {t["directive_id"]: t for t in made}
    assert sorted(by_directive) == sorted([d["D1"]["id"], d["D3"]["id"]])
    first = by_directive[d["D1"]["id"]]
    assert first["title"] == "加快重点项目建设"
    assert first["lead_unit"]["code"] == "p.swt"
    assert sorted(c["code"] for c in first["co_units"]) == ["p.a", "p.fgw"]
    assert first["due_date"] == "2023-04-15"
    assert first["report_cycle"] == "quarterly"
    merged = by_directive[d["D3"]["id"]]
    assert merged["span_end"] - merged["span_start"] == len(after["D3"]["text"])

    # The published source shows each task's code beside its directive; nothing to edit.
    page = office.get(f"/sources/{source_id}").text
    for task in made:
        assert f'<a class="task-code" href="/tasks/{task["id"]}">{task["code"]}</a>' in page
    assert 'class="edit"' not in page
    assert "发布为任务" not in page


def test_htmx_saves_a_directive_in_place(login: Login, world: World) -> None:
    office = login("office")
    source_id = _upload(office, EN_READOUT)
    d1 = _by_key(office, source_id)["D1"]
    response = office.post(
        f"/sources/{source_id}/directives/{d1['id']}",
        data={"edit": "1", "title": d1["title"], "lead_unit": "p.swt", "due_date": ""},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith(
        f'<article class="directive draft" id="dir-{d1["id"]}"'
    )
    assert '<option value="p.swt" selected>' in response.text
    assert 'id="source-text"' in response.text and 'hx-swap-oob="true"' in response.text
    assert "<html" not in response.text
    assert 'class="saved"' in response.text
    after = _by_key(office, source_id)["D1"]
    assert after["lead_unit_id"] == _unit_ids(office)["p.swt"]
    assert after["due_date"] is None and after["co_unit_ids"] == []

    # An error comes back in the row, with its status, and changes nothing.
    response = office.post(
        f"/sources/{source_id}/directives/{d1['id']}",
        data={"title": "changed", "lead_unit": "nowhere"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 422
    assert 'role="alert"' in response.text and "nowhere" in response.text
    assert _by_key(office, source_id)["D1"]["title"] == d1["title"]


def test_a_directive_longer_than_a_source_title_is_confirmed_in_place(
    login: Login, world: World
) -> None:
    """The extractor takes whole sentences (the seed readout has directives over 500
    characters): the review form bounds a directive's title as a task's, not as a source's,
    so the reviewer confirms it in its card instead of meeting an error page."""
    office = login("office")
    source_id = _upload(office, EN_READOUT)
    d1 = _by_key(office, source_id)["D1"]
    long_title = ("Accelerate the key projects of the province. " * 14).strip()
    assert 500 < len(long_title) < 5000
    response = office.post(
        f"/sources/{source_id}/directives/{d1['id']}",
        data={"edit": "1", "title": long_title, "lead_unit": "p.fgw", "status": "confirmed"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200, response.text[:500]
    assert response.text.lstrip().startswith(
        f'<article class="directive confirmed" id="dir-{d1["id"]}"'
    )
    after = _by_key(office, source_id)["D1"]
    assert after["status"] == "confirmed" and after["title"] == long_title


def test_an_unknown_unit_changes_nothing(login: Login, world: World) -> None:
    office = login("office")
    source_id = _upload(office, EN_READOUT)
    before = _by_key(office, source_id)["D1"]
    response = office.post(
        f"/sources/{source_id}/directives/{before['id']}",
        data={"title": "A new wording", "lead_unit": "no.such.unit", "due_date": "2023-05-01"},
        follow_redirects=False,
    )
    assert response.status_code == 422
    assert "单位 &#39;no.such.unit&#39; 不存在" in response.text
    assert 'role="alert"' in response.text
    assert _by_key(office, source_id)["D1"] == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"title": "   "}, "the task title cannot be empty"),
        ({"due_date": "31/12/2023"}, "is not a date"),
        ({"status": "published"}, "String should match pattern"),
    ],
)
def test_bad_values_are_refused(
    login: Login, world: World, data: dict[str, str], message: str
) -> None:
    office = login("office")
    source_id = _upload(office, EN_READOUT)
    before = _by_key(office, source_id)
    response = office.post(
        f"/sources/{source_id}/directives/{before['D2']['id']}?lang=en", data=data
    )
    assert response.status_code == 422
    assert message in response.text
    assert _by_key(office, source_id) == before


def test_merge_and_publish_errors_re_render_the_page(login: Login, world: World) -> None:
    office = login("office")
    source_id = _upload(office, EN_READOUT)
    d = _by_key(office, source_id)
    response = office.post(
        f"/sources/{source_id}/merge?lang=en", data={"ids": [str(d["D1"]["id"])]}
    )
    assert response.status_code == 422
    assert "select two or more directives to merge" in response.text
    response = office.post(f"/sources/{source_id}/merge", data={"ids": ["999999", "1000000"]})
    assert response.status_code == 422
    response = office.post(f"/sources/{source_id}/publish", data={"scope": "confirmed"})
    assert response.status_code == 422
    assert "no directive is confirmed yet" in response.text
    response = office.post(f"/sources/{source_id}/publish", data={"report_cycle": "daily"})
    assert response.status_code == 422
    assert "unknown report cycle" in response.text
    assert _by_key(office, source_id) == d
    assert office.get("/api/tasks", params={"source_id": source_id}).json()["total"] == 0


def test_only_confirmed_are_published_and_published_ones_are_locked(
    login: Login, world: World
) -> None:
    office = login("office")
    source_id = _upload(office, EN_READOUT)
    d = _by_key(office, source_id)
    office.post(
        f"/sources/{source_id}/directives/{d['D3']['id']}",
        data={"status": "confirmed"},
        follow_redirects=False,
    )
    response = office.post(
        f"/sources/{source_id}/publish",
        data={"scope": "confirmed", "report_cycle": "monthly"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    made = office.get("/api/tasks", params={"source_id": source_id}).json()["items"]
    assert [t["directive_id"] for t in made] == [d["D3"]["id"]]
    # The published directive is locked; the others can still be reviewed and published.
    response = office.post(
        f"/sources/{source_id}/directives/{d['D3']['id']}", data={"title": "Too late"}
    )
    assert response.status_code == 422
    assert "不能再修改" in response.text
    assert _by_key(office, source_id)["D3"]["title"] == d["D3"]["title"]
    page = office.get(f"/sources/{source_id}").text
    assert (
        f'<form class="edit" method="post" action="/sources/{source_id}/directives/{d["D1"]["id"]}"'
        in page
    )
    assert f'action="/sources/{source_id}/directives/{d["D3"]["id"]}"' not in page
    assert "/publish" in page


def test_a_unit_without_review_rights_reads_but_cannot_edit(login: Login, world: World) -> None:
    office = login("office")
    source_id = _upload(office, EN_READOUT)
    before = _by_key(office, source_id)
    unit = login("fgw")
    page = unit.get(f"/sources/{source_id}")
    assert page.status_code == 200
    assert 'id="span-' in page.text
    for control in ('class="edit"', 'id="merge-form"', "/publish", 'name="lead_unit"'):
        assert control not in page.text
    assert "只读" in page.text
    d1 = before["D1"]["id"]
    response = unit.post(
        f"/sources/{source_id}/directives/{d1}", data={"title": "Mine now", "status": "confirmed"}
    )
    assert response.status_code == 403
    assert 'role="alert"' in response.text
    response = unit.post(
        f"/sources/{source_id}/merge",
        data={"ids": [str(before["D1"]["id"]), str(before["D2"]["id"])]},
    )
    assert response.status_code == 403
    response = unit.post(f"/sources/{source_id}/publish", data={"scope": "all"})
    assert response.status_code == 403
    assert _by_key(office, source_id) == before


def test_a_directive_of_another_source_is_not_edited_here(login: Login, world: World) -> None:
    office = login("office")
    en = _upload(office, EN_READOUT)
    zh = _upload(office, ZH_READOUT)
    other = _by_key(office, zh)["D1"]
    response = office.post(f"/sources/{en}/directives/{other['id']}", data={"status": "rejected"})
    assert response.status_code == 422
    assert _by_key(office, zh)["D1"] == other


def test_publishing_defaults_to_the_confirmed_and_says_what_is_left(
    login: Login, world: World
) -> None:
    office = login("office")
    source_id = _upload(office, EN_READOUT)
    d = _by_key(office, source_id)
    page = office.get(f"/sources/{source_id}?lang=en").text
    assert '<input type="radio" name="scope" value="confirmed" checked>' in page
    assert f"Unconfirmed drafts ({len(d)})" in page
    office.post(
        f"/sources/{source_id}/directives/{d['D1']['id']}",
        data={"status": "confirmed"},
        follow_redirects=False,
    )
    # A form posting no scope publishes the confirmed one only.
    response = office.post(f"/sources/{source_id}/publish", data={}, follow_redirects=False)
    assert response.status_code == 303
    made = office.get("/api/tasks", params={"source_id": source_id}).json()["items"]
    assert [t["directive_id"] for t in made] == [d["D1"]["id"]]
    listing = office.get(response.headers["location"] + "&lang=en").text
    assert f"1 tasks published; {len(d) - 1} unconfirmed drafts left unpublished." in listing
    assert f'href="/sources/{source_id}">Review the drafts</a>' in listing


def test_uploading_a_file_again_says_so(login: Login, world: World) -> None:
    office = login("office")
    first = _upload(office, EN_READOUT)
    assert "uploaded before" not in office.get(f"/sources/{first}?lang=en").text
    again = _upload(office, EN_READOUT, name="copy.txt")
    assert again == first
    page = office.get(f"/sources/{first}?lang=en").text
    assert "This file was uploaded before and is not stored again" in page
    assert "uploaded before" not in office.get(f"/sources/{first}?lang=en").text  # said once


# A readout whose text states no year: its deadlines resolve only against a date given.
UNDATED_ZH = """某县政府常务会议纪要
会议要求，各乡镇要加强财源建设，确保实现上半年“双过半”目标。
"""


def test_the_upload_form_takes_the_document_date(login: Login, world: World) -> None:
    office = login("office")
    assert 'name="doc_date"' in office.get("/sources?lang=zh").text
    response = office.post(
        "/sources",
        files={"file": ("undated.txt", UNDATED_ZH.encode("utf-8"), "text/plain")},
        data={"doc_date": "2024-04-29"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    source_id = int(response.headers["location"].rsplit("/", 1)[1])
    assert office.get(f"/api/sources/{source_id}").json()["doc_date"] == "2024-04-29"
    (directive,) = _breakdown(office, source_id)["directives"]
    assert [d["due"] for d in directive["deadlines"]] == ["2024-06-30", "2024-06-30"]
    assert directive["due_date"] == "2024-06-30"


@pytest.mark.parametrize("value", ["29/04/2024", "1066-10-14", "2024-02-30"])
def test_a_bad_document_date_is_refused_and_stores_nothing(
    login: Login, world: World, value: str
) -> None:
    office = login("office")
    response = office.post(
        "/sources?lang=en",
        files={"file": ("undated.txt", UNDATED_ZH.encode("utf-8"), "text/plain")},
        data={"doc_date": value},
    )
    assert response.status_code == 422
    assert "is not a date" in response.text
    assert office.get("/api/sources").json() == []


def test_the_api_upload_takes_the_document_date(login: Login, world: World) -> None:
    office = login("office")
    response = office.post(
        "/api/sources",
        files={"file": ("undated.txt", UNDATED_ZH.encode("utf-8"), "text/plain")},
        data={"doc_date": "2023-05-04"},
    )
    assert response.status_code == 201, response.text
    (directive,) = response.json()["directives"]
    assert directive["due_date"] == "2023-06-30"
    # without it, a text that states no date resolves nothing
    again = office.post(
        "/api/sources",
        files={"file": ("other.txt", UNDATED_ZH.replace("某县", "某区").encode("utf-8"),
                        "text/plain")},
    )
    assert again.status_code == 201, again.text
    assert again.json()["directives"][0]["due_date"] is None


def test_the_list_says_a_sources_language_and_status_in_the_page_language(
    login: Login, world: World
) -> None:
    """The list showed the stored codes ("zh · 820 · draft") on a Chinese page."""
    office = login("office")
    _upload(office, "省政府常务会议要求，各地要加快推进县域商业体系建设。")

    def facts(lang: str) -> list[str]:
        page = office.get("/sources", params={"lang": lang}).text
        return re.findall(r"<small>([^<]*)</small>", page)

    [chinese], [english] = facts("zh"), facts("en")
    assert "· 中文 ·" in chinese and chinese.endswith("· 待审核"), chinese
    assert "· Chinese ·" in english and english.endswith("· In review"), english
