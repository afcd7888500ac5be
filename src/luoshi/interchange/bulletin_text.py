"""A bulletin's wording, block by block, shared by the Word and the HTML forms: the same
headings, sentences and tables in the same order."""

from __future__ import annotations

from dataclasses import dataclass, field

from luoshi.domains.bulletins.schemas import BulletinContent

_NUMERALS = "一二三四五六七八九十"
LIGHT_WORDS = {
    "green": "绿灯",
    "yellow": "黄灯",
    "red": "红灯",
    "not_started": "未启动",
    "completed": "已完成",
}


@dataclass
class Block:
    kind: str  # addressee, h1, h2, p, table, chart
    text: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    widths_mm: list[float] = field(default_factory=list)


def _d(day: object) -> str:
    from datetime import date

    return f"{day.year}年{day.month}月{day.day}日" if isinstance(day, date) else "—"


def date_text(content: BulletinContent) -> str:
    """成文日期 in Arabic numerals (GB/T 9704-2012 7.3.5); a draft shows blanks."""
    return _d(content.issued_on) if content.issued_on else "　　年　　月　　日"


def _num(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"


def blocks(content: BulletinContent) -> list[Block]:
    o = content.overview
    out: list[Block] = [Block("addressee", "各有关单位：")]
    if content.intro.strip():
        out += [Block("p", t) for t in _paras(content.intro)]
    heads = iter(_NUMERALS)

    def h1(text: str) -> None:
        out.append(Block("h1", f"{next(heads)}、{text}"))

    h1("总体情况")
    out.append(
        Block(
            "p",
            f"截至{_d(content.end)}，{content.scope}纳入督查的重点任务共{o.tasks}项，其中绿灯"
            f"{o.green}项、黄灯{o.yellow}项、红灯{o.red}项、尚未启动{o.not_started}项，已完成"
            f"{o.completed}项，逾期未完成{o.overdue}项。本期应报进展{o.reports_due}份，已报"
            f"{o.reports_filed}份，其中逾期报送{o.reports_late}份，未报送{o.reports_missing}份。",
        )
    )
    out += [Block("p", t) for t in _paras(content.summary)]
    out.append(Block("chart", "lights"))
    h1("分板块推进情况")
    if content.lines:
        out.append(
            Block(
                "table",
                headers=["序号", "工作板块", "任务", "绿灯", "黄灯", "红灯", "完成", "平均进度"],
                rows=[
                    [
                        str(i),
                        line.name,
                        str(line.tasks),
                        str(line.green),
                        str(line.yellow),
                        str(line.red),
                        str(line.completed),
                        f"{line.progress}%",
                    ]
                    for i, line in enumerate(content.lines, start=1)
                ],
                widths_mm=[14, 56, 13, 13, 13, 13, 13, 23],
            )
        )
    else:
        out.append(Block("p", "本期无纳入督查的重点任务。"))
    h1("重点台账推进情况")
    p = content.projects
    out.append(Block("h2", "（一）重点项目"))
    out.append(
        Block(
            "p",
            f"纳入台账的重点项目{p.count}个，年度计划投资{_num(p.planned)}万元，截至"
            f"{content.period_label}末完成投资{_num(p.done)}万元，完成年度计划的{p.percent}%，"
            f"序时进度{p.pace}%，{'快于' if p.percent >= p.pace else '慢于'}序时进度。"
            + (f"滞后于序时进度的项目{len(p.behind)}个：" if p.behind else ""),
        )
    )
    if p.behind:
        out.append(
            Block(
                "table",
                headers=[
                    "序号",
                    "项目名称",
                    "业主单位",
                    "年度计划（万元）",
                    "已完成（万元）",
                    "完成比例",
                ],
                rows=[
                    [str(i), r.name, r.unit, _num(r.planned), _num(r.done), f"{r.percent}%"]
                    for i, r in enumerate(p.behind, start=1)
                ],
                widths_mm=[14, 50, 34, 22, 22, 16],
            )
        )
    q = content.proposals
    out.append(Block("h2", "（二）建议提案办理"))
    out.append(
        Block(
            "p",
            f"已交办建议提案{q.total}件，已答复{q.replied}件，其中按期答复{q.replied_on_time}件；"
            f"尚在办理{q.awaiting}件，其中超过答复期限{q.past_due}件。代表委员评价满意"
            f"{q.satisfied}件、基本满意{q.basically_satisfied}件、不满意{q.unsatisfied}件。",
        )
    )
    lv = content.livelihood
    out.append(Block("h2", "（三）民生实事"))
    lagging = sorted(
        (r for r in lv.rows if r.light in ("yellow", "red")),
        key=lambda r: (r.light != "red", r.percent, r.number),
    )
    out.append(
        Block(
            "p",
            f"{lv.year}年民生实事{lv.matters}件，按序时进度衡量，绿灯{lv.green}件、黄灯{lv.yellow}件、"
            f"红灯{lv.red}件。" + ("进度滞后的民生实事如下：" if lagging else ""),
        )
    )
    if lagging:
        out.append(
            Block(
                "table",
                headers=["序号", "民生实事", "牵头单位", "完成", "亮灯"],
                rows=[
                    [
                        f"第{r.number}件",
                        r.name,
                        r.unit,
                        f"{r.percent}%",
                        LIGHT_WORDS.get(r.light, r.light),
                    ]
                    for r in lagging
                ],
                widths_mm=[18, 66, 40, 16, 16],
            )
        )
    if content.indicators:
        out.append(Block("h2", "（四）主要指标"))
        out.append(
            Block(
                "table",
                headers=["序号", "指标", "期间", "目标", "实际", "亮灯"],
                rows=[
                    [
                        str(i),
                        r.name,
                        r.period,
                        _opt(r.target, r.measure),
                        _opt(r.actual, r.measure),
                        LIGHT_WORDS.get(r.light, r.light),
                    ]
                    for i, r in enumerate(content.indicators, start=1)
                ],
                widths_mm=[14, 58, 18, 22, 22, 18],
            )
        )
    h1("责任单位排名")
    if content.units:
        out.append(
            Block(
                "p",
                "按任务亮灯（占70分，绿灯和已完成计满分、黄灯计六成、红灯不计分）和按时报送进展"
                "（占30分）综合计分，各牵头单位排名如下：",
            )
        )
        out.append(
            Block(
                "table",
                headers=[
                    "名次",
                    "牵头单位",
                    "任务",
                    "绿/黄/红",
                    "应报",
                    "按时",
                    "逾期",
                    "未报",
                    "得分",
                ],
                rows=[
                    [
                        str(u.rank),
                        u.unit,
                        str(u.tasks),
                        f"{u.green}/{u.yellow}/{u.red}",
                        str(u.reports_due),
                        str(u.reports_on_time),
                        str(u.reports_late),
                        str(u.reports_missing),
                        f"{u.score:g}",
                    ]
                    for u in content.units
                ],
                widths_mm=[14, 48, 12, 20, 12, 12, 12, 12, 16],
            )
        )
        out.append(Block("chart", "league"))
    else:
        out.append(Block("p", "本期无可排名的牵头单位。"))
    h1("红灯事项")
    if content.red_items:
        for i, item in enumerate(content.red_items, start=1):
            reasons = "；".join(item.reasons) or "进度严重滞后"
            out.append(
                Block(
                    "p",
                    f"{i}. {item.title}（{item.code}，牵头单位：{item.unit}）。原因：{reasons}。",
                )
            )
    else:
        out.append(Block("p", "本期无红灯事项。"))
    h1("逾期和未报送进展情况")
    if content.late_reports:
        out.append(
            Block(
                "table",
                headers=["序号", "任务", "牵头单位", "报送期", "应报日期", "报送情况"],
                rows=[
                    [
                        str(i),
                        f"{r.task_code} {r.task}",
                        r.unit,
                        r.period,
                        _d(r.due),
                        f"{_d(r.filed)}逾期报送" if r.filed else "未报送",
                    ]
                    for i, r in enumerate(content.late_reports, start=1)
                ],
                widths_mm=[14, 56, 32, 16, 20, 20],
            )
        )
    else:
        out.append(Block("p", "本期各单位均按时报送进展。"))
    h1("经验做法")
    if content.good_practices:
        for i, gp in enumerate(content.good_practices):
            mark = f"（{_NUMERALS[i]}）" if i < len(_NUMERALS) else f"（{i + 1}）"
            out.append(Block("h2", f"{mark}{gp.unit}：{_first_line(gp.title)}"))
            out += [Block("p", t) for t in _paras(gp.text)]
    else:
        out.append(Block("p", "本期未选取经验做法。"))
    h1("下一步工作要求")
    out += [Block("p", t) for t in _paras(content.requirements)] or [
        Block("p", "请各单位对照本通报抓好落实。")
    ]
    out.append(Block("p", "特此通报。"))
    return out


def _opt(value: float | None, measure: str) -> str:
    return "—" if value is None else f"{value:g}{measure}"


def _first_line(text: str, width: int = 40) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def _paras(text: str) -> list[str]:
    return [t.strip() for t in text.splitlines() if t.strip()]
