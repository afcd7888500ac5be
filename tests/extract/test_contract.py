"""The JSON contract of DESIGN.md §5, the suggester hook and the public API."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence

import pytest

import luoshi.extract as api
from luoshi.extract import ExtractInputError, extract
from luoshi.extract.domains import taxonomy
from luoshi.extract.units import Suggestion

from .conftest import SEED_DIR

SEED = (SEED_DIR / "000_b905f69b6a25458e.txt").read_text(encoding="utf-8")


def test_public_names() -> None:
    for name in ("extract", "read_document", "Extraction", "ExtractInputError", "evaluate"):
        assert hasattr(api, name)


def test_to_dict_shape_on_the_seed() -> None:
    data = extract(SEED).to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data  # plain JSON
    assert list(data) == ["source", "work_lines", "directives"]
    source = data["source"]
    assert set(source) == {"language", "date", "title", "chars", "sha256"}
    assert (source["language"], source["date"], source["chars"]) == ("en", "2023-03-16",
                                                                     len(SEED))
    assert len(source["sha256"]) == 64
    line = data["work_lines"][0]
    assert set(line) == {"id", "heading", "start", "end", "domain"}
    assert line["id"] == "W1" and SEED[line["start"]:line["end"]] == line["heading"]
    keys = {"id", "work_line", "start", "end", "text", "actors", "deadline", "targets",
            "programs", "domain", "suggested_units"}
    for directive in data["directives"]:
        assert keys <= set(directive) <= keys | {"deadlines"}
        assert SEED[directive["start"]:directive["end"]] == directive["text"]
        assert directive["work_line"] is None or directive["work_line"].startswith("W")
        assert all(isinstance(a, str) for a in directive["actors"])
    first_quarter = next(d for d in data["directives"] if d.get("deadlines"))
    assert first_quarter["deadline"] == {"text": "in the first quarter", "due": "2023-03-31"}
    assert first_quarter["deadlines"][1]["due"] == "2023-12-31"
    livelihood = next(d for d in data["directives"] if d["targets"])
    assert livelihood["targets"] == [
        {"text": "30 people’s livelihood matters", "value": 30, "unit": "matters"}]
    assert any("Three Products and One Innovation" in d["programs"] for d in data["directives"])
    assert data["directives"][0]["actors"] == [
        "Departments at all levels", "the majority of party members and cadres in the province"]


class FakeSuggester:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, str | None, tuple[str, ...]]] = []

    def suggest(self, text: str, *, lang: str, domain: str | None = None,
                actors: Sequence[str] = (), k: int = 3) -> list[Suggestion]:
        self.calls.append((text, lang, domain, tuple(actors)))
        return [Suggestion(unit="sc.fgw", name="省发改委", role="lead", score=0.8234)]


def test_suggester_is_asked_once_per_directive() -> None:
    fake = FakeSuggester()
    text = "会议\n会议要求，省发改委要抓好项目投资。各地要稳住就业。"
    result = extract(text, suggester=fake)
    assert [c[0] for c in fake.calls] == [d.text for d in result.directives]
    assert fake.calls[0][1] == "zh" and fake.calls[0][3] == ("省发改委",)
    assert fake.calls[0][2] == "investment"
    assert result.to_dict()["directives"][0]["suggested_units"] == [
        {"unit": "省发改委", "code": "sc.fgw", "role": "lead", "score": 0.823}]


def test_language_and_date_detection_and_overrides() -> None:
    zh = "2024年5月8日，市政府召开常务会议。\n会议要求，各地要在6月底前完成排查。"
    result = extract(zh)
    assert result.source.language == "zh"
    assert result.source.date == dt.date(2024, 5, 8)
    assert result.directives[0].deadlines[0].due == dt.date(2024, 6, 30)
    forced = extract(zh, date=dt.date(2025, 1, 1), title="标题")
    assert forced.directives[0].deadlines[0].due == dt.date(2025, 6, 30)
    assert forced.source.title == "标题"
    assert extract("On March 16, 2023, the council met.\n\nCities must act.").source.date == (
        dt.date(2023, 3, 16))


def test_bad_input_is_refused_clearly() -> None:
    with pytest.raises(ExtractInputError, match="empty"):
        extract("   \n")
    with pytest.raises(ExtractInputError, match="language"):
        extract("text", lang="fr")


def test_taxonomy_codes_are_lower_case_ascii_and_unique() -> None:
    codes = [d.code for d in taxonomy()]
    assert len(codes) == len(set(codes)) >= 12
    assert all(code.isascii() and code == code.lower() and " " not in code for code in codes)
    for required in ("investment", "consumption", "industry", "agriculture", "reform_opening",
                     "private_economy", "employment_livelihood", "ecology", "safety_emergency",
                     "party_building_study", "finance", "science_technology"):
        assert required in codes


@pytest.mark.parametrize(
    ("text", "lang", "domain"),
    [
        ("加快推进重大项目建设，扩大有效投资", "zh", "investment"),
        ("深入打好蓝天碧水净土保卫战", "zh", "ecology"),
        ("做好森林草原防灭火和安全生产工作", "zh", "safety_emergency"),
        ("expand employment for college graduates", "en", "employment_livelihood"),
        ("support private enterprises and entrepreneurs", "en", "private_economy"),
    ],
)
def test_domain_classification(text: str, lang: str, domain: str) -> None:
    from luoshi.extract.domains import classify

    assert classify(text, lang) == domain
