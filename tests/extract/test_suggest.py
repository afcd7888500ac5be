"""Unit suggestion: loading unit files, tokenizing, ranking by names, functions and history."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml

import luoshi
from luoshi.extract.suggest import UnitSuggester, build_suggester, load_units_yaml, tokenize
from luoshi.extract.units import LearnedExample, Suggester, UnitProfile

DATA = Path(luoshi.__file__).resolve().parent / "data"

# A small province written for the tests: four departments, a city and a county.
SMALL = """
units:
  - code: t
    name_zh: 测试省人民政府
    name_en: Test Provincial Government
    kind: province
    parent: null
    children:
      - code: t.fgw
        name_zh: 测试省发展和改革委员会
        name_en: Provincial Development and Reform Commission
        short_zh: 省发展改革委
        aliases: [省发改委, 发改委, DRC, Development and Reform Commission]
        functions_zh: 拟订全省发展规划和年度计划，负责投资综合管理，推进重点项目建设，审批重大项目。
        functions_en: Drafts development plans, manages investment and key projects.
      - code: t.czt
        name_zh: 测试省财政厅
        name_en: Provincial Department of Finance
        short_zh: 省财政厅
        aliases: [财政厅, Department of Finance]
        functions_zh: 编制和执行省级预算，管理转移支付和政府债务，落实减税降费政策。
        functions_en: >-
          Prepares and executes the budget, manages transfer payments and government debt.
      - code: t.nyt
        name_zh: 测试省农业农村厅
        name_en: Provincial Department of Agriculture and Rural Affairs
        short_zh: 省农业农村厅
        aliases: [农业农村厅]
        functions_zh: 负责粮食生产和重要农产品供给，推进高标准农田建设和种业振兴，发展乡村产业。
        functions_en: >-
          Secures grain production and farm products, builds farmland and develops rural
          industries.
      - code: t.rst
        name_zh: 测试省人力资源和社会保障厅
        name_en: Provincial Department of Human Resources and Social Security
        short_zh: 省人力资源社会保障厅
        aliases: [省人社厅, 人社厅]
        functions_zh: 拟订就业创业政策，促进高校毕业生和农民工就业，组织职业技能培训，管理养老保险。
        functions_en: >-
          Sets employment policy, supports jobs for college graduates and migrant workers,
          organises vocational skills training and manages pensions.
      - code: t.swt
        name_zh: 测试省商务厅
        name_en: Provincial Department of Commerce
        short_zh: 省商务厅
        aliases: [商务厅]
        functions_zh: 促进消费，发展商贸流通和电子商务，负责对外贸易和利用外资。
        functions_en: >-
          Promotes consumption, retail and e-commerce, manages foreign trade and foreign
          investment.
      - code: t.a
        name_zh: 甲市
        name_en: Jia City
        aliases: [甲市人民政府]
        kind: city
        children:
          - code: t.a.b
            name_zh: 乙县
            name_en: Yi County
            kind: county
"""


@pytest.fixture(scope="module")
def units() -> list[UnitProfile]:
    return load_units_yaml(SMALL)


@pytest.fixture(scope="module")
def suggester(units: list[UnitProfile]) -> UnitSuggester:
    return UnitSuggester(units)


# --- loading ---------------------------------------------------------------------------


def test_load_flattens_children_and_keeps_both_languages(units: list[UnitProfile]) -> None:
    by_code = {u.code: u for u in units}
    assert list(by_code) == ["t", "t.fgw", "t.czt", "t.nyt", "t.rst", "t.swt", "t.a", "t.a.b"]
    fgw = by_code["t.fgw"]
    assert fgw.aliases[0] == "省发展改革委"  # the short name comes first
    assert "发改委" in fgw.aliases
    zh, en = fgw.functions.split("\n")
    assert "投资" in zh and "investment" in en
    assert by_code["t.a.b"].kind == "county"
    assert by_code["t"].kind == "province"


def test_load_from_path(tmp_path: Path) -> None:
    path = tmp_path / "units.yaml"
    path.write_text(SMALL, "utf-8")
    assert load_units_yaml(path) == load_units_yaml(str(path)) == load_units_yaml(SMALL)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("units: [{code: a, name_zh: 甲}, {code: a, name_zh: 乙}]\n", "duplicate"),
        ("units: [{code: a, name_zh: 甲, kind: ministry}]\n", "unknown kind"),
        ("units: [{code: 甲, name_zh: 甲}]\n", "ASCII"),
        ("units: [{code: a}]\n", "name_zh"),
        ("units: 3\n", "list"),
    ],
)
def test_load_rejects_bad_files(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        load_units_yaml(text)


# --- the shipped unit files ----------------------------------------------------------


def _raw(name: str) -> list[dict[str, Any]]:
    data = yaml.safe_load((DATA / name).read_text("utf-8"))
    units: list[dict[str, Any]] = data["units"]
    return units


def test_sichuan_units_file() -> None:
    raw = _raw("sichuan_units.yaml")
    profiles = load_units_yaml(DATA / "sichuan_units.yaml")
    assert len(profiles) == len(raw)
    codes = [u["code"] for u in raw]
    assert len(codes) == len(set(codes))
    by_code = {u["code"]: u for u in raw}
    roots = [u for u in raw if u["parent"] is None]
    assert [u["code"] for u in roots] == ["sc"]
    for unit in raw:
        assert unit["code"].isascii()
        assert unit["name_zh"] and unit["name_en"] and unit["short_zh"]
        assert unit["head_email"].endswith(".example")
        if unit["parent"] is not None:
            assert unit["parent"] in by_code, unit["code"]
            assert unit["code"].startswith(unit["parent"] + "."), unit["code"]
    departments = [u for u in raw if u["kind"] == "department"]
    assert len(departments) >= 30
    for unit in departments:
        assert len(unit["functions_zh"]) >= 20, unit["code"]
        assert len(unit["functions_en"]) >= 40, unit["code"]
    cities = [u["name_zh"] for u in raw if u["kind"] == "city"]
    assert len(cities) == 21
    assert {"成都市", "阿坝藏族羌族自治州", "甘孜藏族自治州", "凉山彝族自治州"} <= set(cities)
    # The tree goes down to townships, so that sub-tasks can be split level by level.
    kinds = {u["kind"] for u in raw}
    assert kinds == {"province", "department", "city", "county", "township"}
    township = next(u for u in raw if u["kind"] == "township")
    county = by_code[township["parent"]]
    assert county["kind"] == "county"
    assert by_code[county["parent"]]["kind"] == "city"


def test_national_units_file() -> None:
    raw = _raw("national_units.yaml")
    profiles = load_units_yaml(DATA / "national_units.yaml")
    codes = {p.code for p in profiles}
    assert len(codes) == len(raw)
    for unit in raw:
        assert unit["parent"] is None or unit["parent"] in codes
        if unit["kind"] == "department":
            assert unit["functions_zh"], unit["code"]
    names = {p.name_zh for p in profiles} | {a for p in profiles for a in p.aliases}
    for name in ("国家发展改革委", "财政部", "人民银行", "税务总局", "国务院国资委", "国家数据局"):
        assert name in names


# Policy phrases of one year's plan (the 2022 division plan bench/suggest.py measures on):
# a function statement says what a unit does every year, so none of them belongs there.
_PLAN_PHRASES = (
    "万企兴万村", "全球发展倡议", "集中带量采购", "增值税留抵退税", "稳订单", "稳外贸稳外资",
    "区域全面经济伙伴关系协定", "稳定粮食播种面积", "股票发行注册制", "养老保险全国统筹",
    "安全生产专项整治", "深入打好污染防治攻坚战", "乡村振兴重点帮扶县", "积极的财政政策",
    "安排地方政府专项债券", "保持货币供应量和社会融资规模合理增长",
)


@pytest.mark.parametrize("name", ["national_units.yaml", "sichuan_units.yaml"])
def test_function_statements_carry_no_plan_of_the_year(name: str) -> None:
    for unit in _raw(name):
        statement = f"{unit.get('functions_zh') or ''} {unit.get('functions_en') or ''}"
        assert not [p for p in _PLAN_PHRASES if p in statement], unit["code"]


# --- tokenizing ------------------------------------------------------------------------


def test_tokenize_chinese_drops_stopwords_and_single_characters() -> None:
    tokens = tokenize("加快推进重点项目建设，扩大有效投资。")
    assert "重点项目" in tokens
    assert "投资" in tokens
    assert "加快" not in tokens and "推进" not in tokens and "，" not in tokens


def test_tokenize_english_stems_and_mixed_text() -> None:
    tokens = tokenize("Investments in the employment of graduates; 稳就业")
    assert set(tokenize("investing in employing a graduate")) <= set(tokens)
    assert len(tokens) == 4
    assert "the" not in tokens
    assert "就业" in tokens


def test_tokenize_keeps_parts_of_compounds() -> None:
    tokens = tokenize("推动政务数据共享")
    assert "数据" in tokens and "共享" in tokens


# --- ranking ---------------------------------------------------------------------------


def test_is_a_suggester(suggester: UnitSuggester) -> None:
    checked: Suggester = suggester
    assert checked.suggest("扩大有效投资", lang="zh")


def test_named_unit_wins_and_leads(suggester: UnitSuggester) -> None:
    # The text is about farmland, but the leader is named.
    result = suggester.suggest("推进高标准农田建设，省财政厅牵头，农业农村厅配合。", lang="zh")
    assert result[0].unit == "t.czt"
    assert result[0].role == "lead"
    assert result[0].score == 1.0
    assert "文中点名：省财政厅（牵头）" in result[0].reasons
    roles = {s.unit: s.role for s in result}
    assert roles.get("t.nyt") == "co"


def test_several_named_leaders(suggester: UnitSuggester) -> None:
    result = suggester.suggest("由省发改委、省财政厅牵头，做好项目资金保障。", lang="zh")
    assert {s.unit for s in result if s.role == "lead"} == {"t.fgw", "t.czt"}


def test_a_notes_first_unit_leads(suggester: UnitSuggester) -> None:
    # "（A、B等按职责分工负责）": a plan's note lists the unit that answers first
    for first, second in (("t.nyt", "t.czt"), ("t.czt", "t.nyt")):
        names = {"t.nyt": "农业农村厅", "t.czt": "省财政厅"}
        text = f"推进高标准农田建设。（{names[first]}、{names[second]}等按职责分工负责）"
        result = suggester.suggest(text, lang="zh")
        assert (result[0].unit, result[0].role) == (first, "lead")
        assert {s.unit: s.role for s in result}.get(second) == "co"


def test_other_level_namesake_is_not_named(suggester: UnitSuggester) -> None:
    result = suggester.suggest("按照国家发改委部署，落实减税降费政策。", lang="zh")
    assert result[0].unit == "t.czt"
    assert not any(r.startswith("文中点名") for s in result for r in s.reasons)


def test_function_similarity_in_chinese(suggester: UnitSuggester) -> None:
    result = suggester.suggest("稳定粮食生产，抓好种业振兴。", lang="zh")
    assert result[0].unit == "t.nyt"
    assert result[0].role == "lead"
    reason = next(r for r in result[0].reasons if r.startswith("职能相关："))
    words = reason.removeprefix("职能相关：").split("、")
    assert words and set(words) <= {"粮食", "生产", "种业", "振兴"}
    assert result[0].name == "测试省农业农村厅"


def test_function_similarity_in_english(suggester: UnitSuggester) -> None:
    result = suggester.suggest(
        "Expand employment for college graduates and step up vocational training.", lang="en"
    )
    assert result[0].unit == "t.rst"
    assert result[0].name == "Provincial Department of Human Resources and Social Security"


def test_named_in_english(suggester: UnitSuggester) -> None:
    result = suggester.suggest(
        "The Department of Finance will take the lead in revising the grain subsidy.", lang="en"
    )
    assert result[0].unit == "t.czt"
    assert result[0].role == "lead"


def test_english_leader_among_named_units(suggester: UnitSuggester) -> None:
    result = suggester.suggest(
        "The Department of Finance and the DRC will take the lead in farm subsidies.", lang="en"
    )
    assert {(s.unit, s.role) for s in result[:2]} == {("t.czt", "lead"), ("t.fgw", "lead")}
    result = suggester.suggest(
        "The DRC will take the lead, supported by the Department of Finance.", lang="en"
    )
    assert [(s.unit, s.role) for s in result[:2]] == [("t.fgw", "lead"), ("t.czt", "co")]


def test_actors_count_as_named(suggester: UnitSuggester) -> None:
    result = suggester.suggest("做好一季度开门红。", lang="zh", actors=["省商务厅等部门"])
    assert result[0].unit == "t.swt"
    assert result[0].reasons[0] == "文中点名：省商务厅（负责落实）"


def test_domain_hint_breaks_silence(suggester: UnitSuggester) -> None:
    assert suggester.suggest("确保一季度开门红。", lang="zh") == []
    result = suggester.suggest("确保一季度开门红。", lang="zh", domain="investment")
    assert result[0].unit == "t.fgw"


def test_scores_roles_and_k(suggester: UnitSuggester) -> None:
    text = "促进消费和外贸，扩大有效投资，推进重点项目建设。"
    result = suggester.suggest(text, lang="zh", k=2)
    assert 1 <= len(result) <= 2
    assert result[0].role == "lead"
    assert all(s.role == "co" for s in result[1:])
    assert all(0.0 <= s.score <= 1.0 for s in result)
    assert [s.score for s in result] == sorted((s.score for s in result), reverse=True)
    assert suggester.suggest(text, lang="zh", k=2) == result  # deterministic


def test_co_threshold_drops_weak_runners_up(units: list[UnitProfile]) -> None:
    strict = UnitSuggester(units, co_threshold=0.99)
    result = strict.suggest("推进高标准农田建设，促进乡村产业发展。", lang="zh", k=3)
    assert [s.role for s in result] == ["lead"]
    loose = UnitSuggester(units, co_threshold=0.0)
    assert len(loose.suggest("推进高标准农田建设，促进乡村产业发展和消费。", lang="zh")) >= 2


def test_root_and_unrelated_text(suggester: UnitSuggester) -> None:
    assert suggester.suggest("", lang="zh") == []
    result = suggester.suggest("测试省人民政府要求甲市做好工作。", lang="zh")
    assert [s.unit for s in result] == ["t.a"]  # the province itself is never suggested


def test_learned_examples_change_the_ranking(units: list[UnitProfile]) -> None:
    text = "推动“蜀道快线”国际班列常态化运行。"
    before = UnitSuggester(units).suggest(text, lang="zh")
    assert all(s.unit != "t.swt" for s in before)
    examples = [
        LearnedExample("开行国际班列，拓展班列线路。", "t.swt"),
        LearnedExample("提升国际班列运行质效，稳定班列开行频次。", "t.swt"),
        LearnedExample("支持国际班列回程货源组织。", "t.swt", "lead"),
        LearnedExample("支持国际班列回程货源组织。", "t.czt", "co"),
        LearnedExample("一个不存在的单位的例子。", "t.nowhere"),
    ]
    after = build_suggester(units, examples).suggest(text, lang="zh")
    assert after[0].unit == "t.swt"
    assert any(r.startswith("与") and "条已确认的分工相似：" in r for r in after[0].reasons)
    english = build_suggester(units, examples).suggest(text, lang="en")
    assert any(r.startswith("like ") for r in english[0].reasons)


def test_suggestion_is_fast_on_the_real_province() -> None:
    suggester = build_suggester(load_units_yaml(DATA / "sichuan_units.yaml"), ())
    texts = [
        "坚持项目为王，加快推进重点项目建设，确保一季度新开工项目数量和投资额实现开门红。",
        "全力恢复和扩大消费，开展促消费活动，发展夜间经济和首店经济。",
        "抓好春耕备耕，稳定粮食播种面积，加快高标准农田建设。",
        "压紧压实安全生产责任，深入开展重大事故隐患排查整治。",
    ] * 10
    started = time.perf_counter()
    results = [suggester.suggest(t, lang="zh") for t in texts]
    elapsed = time.perf_counter() - started
    assert elapsed < 0.5  # about 10 ms in practice; generous for slow CI machines
    assert results[0][0].unit == "sc.fgw"
    assert results[1][0].unit == "sc.swt"
    assert results[2][0].unit == "sc.nynct"
    assert results[3][0].unit == "sc.yjt"


def test_the_subject_who_must_act_outranks_the_place_of_the_work(
    suggester: UnitSuggester,
) -> None:
    # issue #9: a readout asked the commerce department to hold a fair in a city; the city
    # came first. The actor (who must act) leads; the place is at most a co-unit.
    text = ("The meeting required the Provincial Department of Commerce to hold a spring "
            "shopping fair in Jia City.")
    result = suggester.suggest(text, lang="en",
                               actors=["the Provincial Department of Commerce"])
    assert [(s.unit, s.role) for s in result[:2]] == [("t.swt", "lead"), ("t.a", "co")]
    assert result[0].score > result[1].score
    assert result[0].reasons[0] == ("named in text: Provincial Department of Commerce, as the "
                                    "one who must act")
    assert result[1].reasons[0] == "named in text: Jia City, as the place where the work happens"
    chinese = suggester.suggest("省商务厅要在甲市举办春季购物节。", lang="zh", actors=["省商务厅"])
    assert [(s.unit, s.role) for s in chinese[:2]] == [("t.swt", "lead"), ("t.a", "co")]
    assert chinese[1].reasons[0] == "文中点名：甲市（工作所在地）"
    # the city as the subject leads
    city = suggester.suggest("Jia City must renovate its farmland.", lang="en",
                             actors=["Jia City"])
    assert city[0].unit == "t.a" and city[0].role == "lead"


def test_reasons_quote_the_directives_words_not_stems(suggester: UnitSuggester) -> None:
    result = suggester.suggest("Expand employment for graduates and vocational training.",
                               lang="en")
    reason = next(r for r in result[0].reasons if r.startswith("matches functions: "))
    words = reason.removeprefix("matches functions: ").split(", ")
    assert words and all(w in "Expand employment for graduates and vocational training."
                         for w in words)
