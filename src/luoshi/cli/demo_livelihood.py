"""The demo's 2023 list of 30 livelihood matters and its indicators, as of the demo's day.

The matters, their targets and the figures are written for the demo (not taken from any
published list). Each matter's lead unit reports cumulative values for every period owed
by ``as_of``: most keep pace, some lag (yellow or red), a few left the last period out.
Indicators carry first-quarter and whole-year targets for the province and every city,
and the first quarter's actuals once it is over.
"""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from luoshi import clock
from luoshi.cli.context import unit_of_work
from luoshi.domains.livelihood import indicators, matters
from luoshi.domains.livelihood.periods import due_day, periods_of
from luoshi.domains.livelihood.schemas import (
    IndicatorCreate,
    MatterCreate,
    TargetCreate,
    ValueReport,
)
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings

YEAR = 2023
# number, matter, lead unit, cycle, pace (share of the plan kept: 1 on pace, <1 behind),
# whether the last period owed was left out, and its targets:
# (name, measure, baseline, target, lead unit or None, regions).
Target = tuple[str, str, float, float, str | None, tuple[str, ...]]
MATTERS: tuple[tuple[int, str, str, str, float, bool, tuple[Target, ...]], ...] = (
    (1, "新增公办幼儿园学位", "sc.jyt", "monthly", 1.05, False,
     (("新增公办学位", "个", 0, 60000, None, ()),
      ("成都市新增公办学位", "个", 0, 18000, "sc.cd", ("sc.cd",)))),
    (2, "改造提升农村公路", "sc.jtt", "monthly", 0.95, False,
     (("新改建农村公路", "公里", 0, 12000, None, ()),)),
    (3, "新增养老机构护理型床位", "sc.mzt", "quarterly", 0.3, False,
     (("新增护理型床位", "张", 0, 20000, None, ()),)),
    (4, "实施农村供水保障工程", "sc.slt", "monthly", 1.0, False,
     (("新建改造供水工程", "处", 0, 1500, None, ()),
      ("提升农村自来水普及率", "%", 89.0, 90.0, None, ()))),
    (5, "改造城镇老旧小区", "sc.jst", "monthly", 0.9, False,
     (("开工改造老旧小区", "个", 0, 5000, None, ()),
      ("成都市开工改造老旧小区", "个", 0, 1200, "sc.cd", ("sc.cd",)))),
    (6, "开展城乡居民免费健康体检", "sc.wjw", "quarterly", 1.1, False,
     (("65岁以上老年人健康体检", "万人次", 0, 900, None, ()),)),
    (7, "扩大城镇新增就业", "sc.rst", "monthly", 1.05, False,
     (("城镇新增就业", "万人", 0, 80, None, ()),)),
    (8, "开展职业技能培训", "sc.rst", "quarterly", 0.35, False,
     (("补贴性职业技能培训", "万人次", 0, 60, None, ()),)),
    (9, "建设高标准农田", "sc.nynct", "monthly", 0.6, False,
     (("新建改造高标准农田", "万亩", 0, 450, None, ()),)),
    (10, "新建改造城市公共厕所", "sc.jst", "quarterly", 1.0, True,
     (("新建改造公共厕所", "座", 0, 1200, None, ()),)),
    (11, "实施农村生活污水治理", "sc.sthjt", "monthly", 0.25, False,
     (("完成治理的行政村", "个", 0, 1600, None, ()),)),
    (12, "建设社区嵌入式养老服务设施", "sc.mzt", "monthly", 1.0, False,
     (("新建社区养老服务综合体", "个", 0, 300, None, ()),)),
    (13, "新建城市社区体育设施", "sc.tyj", "quarterly", 1.0, False,
     (("新建全民健身场地", "个", 0, 800, None, ()),)),
    (14, "开展适龄妇女两癌免费检查", "sc.wjw", "quarterly", 0.85, False,
     (("宫颈癌和乳腺癌检查", "万人", 0, 150, None, ()),)),
    (15, "实施困难残疾人家庭无障碍改造", "sc.mzt", "monthly", 1.0, True,
     (("完成改造家庭", "户", 0, 10000, None, ()),)),
    (16, "建设公共充电设施", "sc.jxt", "monthly", 1.2, False,
     (("新建公共充电桩", "个", 0, 30000, None, ()),)),
    (17, "改造农村危房", "sc.jst", "quarterly", 0.9, False,
     (("完成农村危房改造", "户", 0, 12000, None, ()),)),
    (18, "推进城市燃气管道老化更新", "sc.jst", "monthly", 0.25, False,
     (("更新改造燃气管道", "公里", 0, 3000, None, ()),)),
    (19, "新增城市停车泊位", "sc.jst", "monthly", 1.0, False,
     (("新增公共停车泊位", "个", 0, 100000, None, ()),
      ("成都市新增公共停车泊位", "个", 0, 40000, "sc.cd", ("sc.cd",)))),
    (20, "建设乡镇综合文化站数字服务", "sc.whlyt", "quarterly", 1.0, False,
     (("完成数字化提升的文化站", "个", 0, 500, None, ()),)),
    (21, "提高城乡居民基础养老金", "sc.rst", "quarterly", 1.0, False,
     (("月人均基础养老金", "元", 123, 133, None, ()),)),
    (22, "开展食品安全抽检", "sc.scjgj", "monthly", 1.1, False,
     (("食品安全监督抽检", "万批次", 0, 30, None, ()),)),
    (23, "建设农产品产地冷藏保鲜设施", "sc.nynct", "quarterly", 0.75, False,
     (("新建冷藏保鲜设施", "个", 0, 1000, None, ()),)),
    (24, "实施义务教育学校宿舍和食堂改善", "sc.jyt", "monthly", 0.95, False,
     (("完成改善的学校", "所", 0, 800, None, ()),)),
    (25, "推进县域医疗卫生次中心建设", "sc.wjw", "quarterly", 0.35, False,
     (("建成县域医疗卫生次中心", "个", 0, 100, None, ()),)),
    (26, "开展困难职工帮扶", "sc.rst", "monthly", 1.0, False,
     (("帮扶困难职工", "万人次", 0, 12, None, ()),)),
    (27, "建设城乡应急避难场所", "sc.yjt", "quarterly", 1.0, True,
     (("新建改造应急避难场所", "处", 0, 400, None, ()),)),
    (28, "开展校园周边交通安全整治", "sc.gat", "monthly", 1.0, False,
     (("完成整治的学校周边路段", "处", 0, 2000, None, ()),)),
    (29, "推进医保服务便民化", "sc.ybj", "quarterly", 1.1, False,
     (("开通跨省直接结算的定点医疗机构", "家", 0, 3000, None, ()),)),
    (30, "实施农村电网巩固提升工程", "sc.nyj", "monthly", 0.85, False,
     (("新建改造农网线路", "公里", 0, 9000, None, ()),
      ("绵阳市新建改造农网线路", "公里", 0, 700, "sc.my", ("sc.my",)))),
)  # fmt: skip

# code, name, measure, kind, owner unit, province's Q1 and year targets, Q1 actual.
INDICATORS = (
    ("gdp", "地区生产总值增速", "%", "rate", "sc.fgw", 5.5, 6.0, 3.8),
    ("fai", "固定资产投资增速", "%", "rate", "sc.fgw", 6.0, 6.5, 5.2),
    ("retail", "社会消费品零售总额增速", "%", "rate", "sc.swt", 6.5, 7.0, 8.1),
    ("industry", "规模以上工业增加值增速", "%", "rate", "sc.jxt", 5.5, 6.0, 4.9),
    ("income", "城乡居民人均可支配收入增速", "%", "rate", "sc.tjj", 5.5, 6.0, 5.9),
    ("revenue", "一般公共预算收入增速", "%", "rate", "sc.czt", 5.0, 5.0, 5.6),
)
CITIES = (
    "sc.cd", "sc.zg", "sc.pzh", "sc.lz", "sc.dy", "sc.my", "sc.gy", "sc.sn", "sc.nj", "sc.ls",
    "sc.nc", "sc.ms", "sc.yb", "sc.ga", "sc.dz", "sc.ya", "sc.bz", "sc.zy", "sc.ab", "sc.gz",
    "sc.lsz",
)  # fmt: skip


def load(engine: Engine, settings: Settings, system: Actor, as_of: date) -> int:
    """Load the list and the indicators as of ``as_of``; returns the values filed."""
    clock.travel_to(datetime.combine(as_of, time(16, 0), tzinfo=clock.LOCAL_TZ))
    with unit_of_work(engine) as session:
        filed = _matters(session, settings, system, as_of)
        filed += _indicators(session, settings, system, as_of)
    return filed


def _matters(session: Session, settings: Settings, system: Actor, as_of: date) -> int:
    filed = 0
    for number, name, lead, cycle, pace, skips_last, targets in MATTERS:
        matter = matters.create_matter(
            session,
            actor=system,
            settings=settings,
            data=MatterCreate(
                year=YEAR,
                number=number,
                name=name,
                lead_unit=lead,
                report_cycle=cycle,
                targets=[
                    TargetCreate(
                        name=t_name,
                        measure=measure,
                        baseline=baseline,
                        target_value=target,
                        lead_unit=t_lead,
                        regions=list(regions),
                    )
                    for t_name, measure, baseline, target, t_lead, regions in targets
                ],
            ),
        )
        owed = [
            p
            for p in periods_of(YEAR, cycle)
            if due_day(p, settings.livelihood_report_day) <= as_of
        ]
        if skips_last and owed:
            owed = owed[:-1]
        reads = matters.to_read(session, matter, language="zh", with_values=False)
        for target, (_, _, baseline, goal, _, _) in zip(reads.targets, targets, strict=True):
            for period in owed:
                share = min(1.0, (period.end.timetuple().tm_yday / 365) * pace)
                value = baseline + (goal - baseline) * share
                matters.report_value(
                    session,
                    actor=system,
                    target_id=target.id,
                    settings=settings,
                    data=ValueReport(period=period.code, value=round(value, 1)),
                )
                filed += 1
    return filed


def _indicators(session: Session, settings: Settings, system: Actor, as_of: date) -> int:
    filed = 0
    q1_over = as_of > date(YEAR, 3, 31)
    for position, (code, name, measure, kind, owner, q1, year, actual) in enumerate(INDICATORS):
        indicator = indicators.create_indicator(
            session,
            actor=system,
            data=IndicatorCreate(
                code=code,
                name=name,
                measure=measure,
                kind=kind,
                owner_unit=owner,
                position=position,
            ),
        )
        regions = ("sc", *CITIES)
        for period, target in ((f"{YEAR}Q1", q1), (f"{YEAR}", year)):
            indicators.set_targets(
                session,
                actor=system,
                indicator_id=indicator.id,
                period=period,
                values=dict.fromkeys(regions, target),
                settings=settings,
            )
        if q1_over:
            # Cities spread around the province's figure, a few well below it.
            actuals = {
                region: round(actual + ((offset * 7) % 11 - 5) / 5 * (region != "sc"), 1)
                for offset, region in enumerate(regions)
            }
            indicators.set_actuals(
                session,
                actor=system,
                indicator_id=indicator.id,
                period=f"{YEAR}Q1",
                values=actuals,
                settings=settings,
            )
            filed += len(actuals)
    return filed
