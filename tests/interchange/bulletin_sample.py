"""A bulletin's content made by hand, for the renderers' tests (no database)."""

from __future__ import annotations

from datetime import date

from luoshi.domains.bulletins.schemas import (
    BulletinContent,
    GoodPractice,
    IndicatorRow,
    LateReport,
    LineRow,
    LivelihoodSummary,
    MatterRow,
    Overview,
    ProjectRow,
    ProjectsSummary,
    ProposalsSummary,
    RedItem,
    UnitRow,
)

# 2 + 26 characters on the first line (its indent), then lines of 28.
LONG = "督" * 26 + "查" * 28 + "通" * 28


def sample(**changes: object) -> BulletinContent:
    content = BulletinContent(
        period="2023-05",
        kind="monthly",
        start=date(2023, 5, 1),
        end=date(2023, 5, 31),
        period_label="2023年5月",
        scope="全省",
        office="示范省人民政府",
        organ="示范省人民政府督查室",
        title="关于2023年5月全省重点工作落实情况的通报",
        number="示督通〔2023〕3号",
        issued_on=date(2023, 6, 30),
        draft=False,
        intro="为推动各项重点工作落地见效，现将有关情况通报如下。",
        summary=LONG,
        requirements="各单位要对照问题抓好整改。",
        overview=Overview(
            tasks=3,
            green=1,
            yellow=1,
            red=1,
            reports_due=3,
            reports_filed=2,
            reports_late=1,
            reports_missing=1,
        ),
        lines=[
            LineRow(name="项目投资", tasks=2, green=1, yellow=1, red=0, completed=0, progress=40),
            LineRow(name="消费恢复", tasks=1, green=0, yellow=0, red=1, completed=0, progress=0),
        ],
        units=[
            UnitRow(
                rank=1,
                unit="省发展改革委",
                tasks=2,
                green=1,
                yellow=1,
                red=0,
                completed=0,
                reports_due=2,
                reports_on_time=2,
                reports_late=0,
                reports_missing=0,
                score=88.0,
            ),
            UnitRow(
                rank=2,
                unit="省商务厅",
                tasks=1,
                green=0,
                yellow=0,
                red=1,
                completed=0,
                reports_due=1,
                reports_on_time=0,
                reports_late=0,
                reports_missing=1,
                score=0.0,
            ),
        ],
        red_items=[
            RedItem(
                code="T-3", title="促进消费恢复", unit="省商务厅", reasons=["2023-05未报送进展"]
            )
        ],
        late_reports=[
            LateReport(
                task_code="T-3",
                task="促进消费恢复",
                unit="省商务厅",
                period="2023-05",
                due=date(2023, 5, 25),
                filed=None,
            )
        ],
        projects=ProjectsSummary(
            count=2,
            planned=1000.0,
            done=300.0,
            percent=30,
            pace=41,
            behind=[
                ProjectRow(
                    name="某高速公路",
                    unit="省交通运输厅",
                    planned=800.0,
                    done=200.0,
                    percent=25,
                    light="yellow",
                )
            ],
        ),
        proposals=ProposalsSummary(
            total=5,
            replied=3,
            replied_on_time=3,
            awaiting=2,
            past_due=1,
            satisfied=2,
            basically_satisfied=1,
        ),
        livelihood=LivelihoodSummary(
            year=2023,
            matters=2,
            green=1,
            red=1,
            rows=[MatterRow(number=2, name="新增学位", unit="省教育厅", percent=10, light="red")],
        ),
        indicators=[
            IndicatorRow(
                name="地区生产总值增速",
                measure="%",
                period="2023Q1",
                target=6.0,
                actual=5.1,
                light="yellow",
            )
        ],
        good_practices=[
            GoodPractice(
                kind="report",
                id=1,
                title="扩大有效投资",
                unit="省发展改革委",
                text="建立项目清单，按月调度。",
            )
        ],
    )
    return content.model_copy(update=changes)
