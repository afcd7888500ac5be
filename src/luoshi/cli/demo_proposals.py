"""The demo's suggestions and proposals: a provincial congress session's deputies'
suggestions and the provincial CPPCC session's members' proposals, written for the demo,
taken from registration to close day by day — in every state and outcome class, rated,
one re-handled to satisfaction and one being re-handled, one split between two units, and
the B and C commitments followed as tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import Engine

from luoshi import clock
from luoshi.cli.context import unit_of_work
from luoshi.domains.progress import schedule
from luoshi.domains.proposals import jobs, queries
from luoshi.domains.proposals import service as proposals
from luoshi.domains.proposals.schemas import (
    Countersign,
    ProposalAssign,
    ProposalCreate,
    ProposalRate,
    ProposalReturn,
    ProposalSplit,
    ReplyDraft,
)
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings

NPC = "2023 省十四届人大一次会议"
CPPCC = "2023 省政协十三届一次会议"
D = date


@dataclass(frozen=True)
class Entry:
    session: str
    number: str
    title: str
    proposer: str
    co_signers: tuple[str, ...]
    category: str
    lead: str
    co_units: tuple[str, ...]
    # (day, step, arguments): assign, accept, return, split, draft, submit, sign, send,
    # rate, close
    script: tuple[tuple[date, str, tuple[Any, ...]], ...]


def _answered(
    assign: date,
    draft: date,
    outcome: str,
    text: str,
    commitment: str = "",
    *,
    send: date,
    rate: tuple[date, str] | None = None,
    close: date | None = None,
) -> tuple[tuple[date, str, tuple[Any, ...]], ...]:
    steps: list[tuple[date, str, tuple[Any, ...]]] = [
        (assign, "assign", ()),
        (D(assign.year, assign.month, min(assign.day + 2, 28)), "accept", ()),
        (draft, "draft", (outcome, text, commitment)),
        (draft, "submit", ()),
        (draft, "sign", ()),
        (send, "send", ()),
    ]
    if rate is not None:
        steps.append((rate[0], "rate", (rate[1],)))
    if close is not None:
        steps.append((close, "close", ()))
    return tuple(steps)


ENTRIES = (
    Entry(
        NPC,
        "0001",
        "关于加快成渝地区双城经济圈重大交通项目建设的建议",
        "刘建国",
        ("陈晓梅", "何志强"),
        "城乡建设",
        "sc.fgw",
        ("sc.jtt",),
        _answered(
            D(2023, 3, 10),
            D(2023, 5, 8),
            "A",
            "所提重大交通项目已全部纳入年度省重点项目清单，其中3个项目已于4月开工。",
            send=D(2023, 5, 15),
            rate=(D(2023, 5, 25), "satisfied"),
            close=D(2023, 5, 26),
        ),
    ),
    Entry(
        NPC,
        "0002",
        "关于促进县域消费提质扩容的建议",
        "王丽华",
        ("赵刚",),
        "财政经济",
        "sc.swt",
        ("sc.fgw",),
        _answered(
            D(2023, 3, 10),
            D(2023, 5, 10),
            "B",
            "县域商业体系建设已列入今年工作计划，正在分批推进。",
            "年内新建改造县级物流配送中心30个、乡镇商贸中心100个",
            send=D(2023, 5, 18),
            rate=(D(2023, 5, 30), "satisfied"),
            close=D(2023, 6, 1),
        ),
    ),
    Entry(
        NPC,
        "0003",
        "关于支持先进制造业集群培育的建议",
        "张伟",
        ("李娜", "孙浩"),
        "工业",
        "sc.jxt",
        (),
        _answered(
            D(2023, 3, 10),
            D(2023, 5, 22),
            "C",
            "集群培育需要一定的产业基础，待条件具备时纳入省级集群培育名单。",
            "条件具备时将所提产业纳入省级先进制造业集群培育名单",
            send=D(2023, 5, 29),
            rate=(D(2023, 6, 9), "basically"),
        ),
    ),
    Entry(
        NPC,
        "0004",
        "关于加强高标准农田建后管护的建议",
        "杨秀英",
        (),
        "农业农村",
        "sc.nynct",
        ("sc.czt",),
        _answered(
            D(2023, 3, 10),
            D(2023, 6, 12),
            "D",
            "管护经费已有现行政策保障，所提建议留作完善管护机制时参考。",
            send=D(2023, 6, 19),
        ),
    ),
    Entry(
        NPC,
        "0005",
        "关于完善农村互助养老服务体系的建议",
        "黄明",
        ("周芳",),
        "社会民生",
        "sc.mzt",
        ("sc.wjw",),
        (
            (D(2023, 3, 10), "assign", ()),
            (D(2023, 3, 13), "accept", ()),
            (
                D(2023, 6, 26),
                "draft",
                ("B", "互助养老点建设已列入计划。", "年内建成农村互助养老点500个"),
            ),
            (D(2023, 6, 26), "submit", ()),
        ),
    ),
    Entry(
        NPC,
        "0006",
        "关于加快老旧小区改造的建议",
        "吴强",
        ("郑丽",),
        "城乡建设",
        "sc.jst",
        (),
        (
            (D(2023, 3, 10), "assign", ()),
            (D(2023, 3, 14), "accept", ()),
            (D(2023, 6, 20), "draft", ("A", "所提小区已全部纳入今年改造计划并开工。", "")),
            (D(2023, 6, 20), "submit", ()),
        ),
    ),
    Entry(
        NPC,
        "0007",
        "关于进一步优化营商环境支持民营经济发展的建议",
        "冯涛",
        ("褚云",),
        "财政经济",
        "sc.fgw",
        ("sc.scjgj",),
        (
            (D(2023, 4, 10), "assign", ()),
            (D(2023, 4, 12), "accept", ()),
            (
                D(2023, 6, 28),
                "draft",
                (
                    "B",
                    "正在研究制定支持民营经济发展的若干措施。",
                    "三季度出台支持民营经济发展若干措施",
                ),
            ),
        ),
    ),
    Entry(
        NPC,
        "0008",
        "关于推动文旅深度融合发展的建议",
        "蒋敏",
        (),
        "教科文卫",
        "sc.whlyt",
        (),
        ((D(2023, 5, 8), "assign", ()), (D(2023, 5, 10), "accept", ())),
    ),
    Entry(
        NPC,
        "0009",
        "关于加强中小学校园安全管理的建议",
        "沈红",
        (),
        "教科文卫",
        "sc.jyt",
        ("sc.gat",),
        ((D(2023, 6, 26), "assign", ()),),
    ),
    Entry(
        NPC,
        "0010",
        "关于建设区域医疗中心的建议",
        "韩磊",
        ("杨帆",),
        "教科文卫",
        "sc.jtt",
        (),
        (
            (D(2023, 6, 19), "assign", ()),
            (D(2023, 6, 21), "return", ("区域医疗中心建设由卫生健康委牵头，建议改交",)),
        ),
    ),
    Entry(
        NPC,
        "0011",
        "关于加快5G网络向乡镇延伸的建议",
        "朱琳",
        (),
        "工业",
        "sc.jxt",
        (),
        (),
    ),
    Entry(
        NPC,
        "0012",
        "关于稳定生猪生产保障市场供应的建议",
        "秦勇",
        ("尤佳",),
        "农业农村",
        "sc.nynct",
        ("sc.swt",),
        (
            *_answered(
                D(2023, 3, 10),
                D(2023, 4, 24),
                "B",
                "正在落实生猪产能调控方案。",
                "年内完成规模养殖场改造升级200个",
                send=D(2023, 4, 28),
                rate=(D(2023, 5, 8), "unsatisfied"),
            ),
            (
                D(2023, 6, 5),
                "draft",
                ("A", "已出台生猪稳产保供十条措施，能繁母猪存栏保持合理水平。", ""),
            ),
            (D(2023, 6, 5), "submit", ()),
            (D(2023, 6, 5), "sign", ()),
            (D(2023, 6, 8), "send", ()),
            (D(2023, 6, 16), "rate", ("satisfied",)),
        ),
    ),
    Entry(
        CPPCC,
        "0101",
        "关于加快发展数字经济的提案",
        "许文",
        ("何静",),
        "经济",
        "sc.dsj",
        ("sc.jxt",),
        _answered(
            D(2023, 3, 10),
            D(2023, 5, 4),
            "A",
            "所提数据要素市场建设已纳入新出台的数字经济发展规划。",
            send=D(2023, 5, 11),
            rate=(D(2023, 5, 22), "satisfied"),
            close=D(2023, 5, 23),
        ),
    ),
    Entry(
        CPPCC,
        "0102",
        "关于加强长江上游生态环境保护的提案",
        "吕洁",
        (),
        "人口资源环境",
        "sc.sthjt",
        ("sc.slt",),
        _answered(
            D(2023, 3, 10),
            D(2023, 5, 15),
            "B",
            "长江干支流生态修复已列入今年治理计划。",
            "年内完成长江干流及主要支流岸线生态修复50公里",
            send=D(2023, 5, 22),
            rate=(D(2023, 6, 2), "basically"),
            close=D(2023, 6, 5),
        ),
    ),
    Entry(
        CPPCC,
        "0103",
        "关于推进乡村振兴人才队伍建设的提案",
        "施刚",
        ("张蕾",),
        "农业农村",
        "",
        (),
        ((D(2023, 3, 10), "split", (("sc.nynct", "sc.rst"),)),),
    ),
    Entry(
        CPPCC,
        "0104",
        "关于加快发展现代职业教育的提案",
        "孔莉",
        (),
        "教育",
        "sc.jyt",
        ("sc.rst",),
        _answered(
            D(2023, 3, 10),
            D(2023, 5, 25),
            "D",
            "所提建议与现行职业教育布局有关规定不一致，已作说明，留作参考。",
            send=D(2023, 6, 1),
            rate=(D(2023, 6, 12), "satisfied"),
        ),
    ),
    Entry(
        CPPCC,
        "0105",
        "关于优化城市社区养老服务的提案",
        "曹霞",
        (),
        "社会和法制",
        "sc.mzt",
        (),
        _answered(
            D(2023, 3, 10),
            D(2023, 5, 29),
            "B",
            "社区养老服务设施建设正在推进。",
            "年内新增社区养老服务综合体100个",
            send=D(2023, 6, 2),
            rate=(D(2023, 6, 20), "unsatisfied"),
        ),
    ),
    Entry(
        CPPCC,
        "0106",
        "关于完善城市公共交通体系的提案",
        "严华",
        ("金波",),
        "城乡建设",
        "sc.jtt",
        ("sc.cd",),
        (
            (D(2023, 4, 20), "assign", ()),
            (D(2023, 4, 23), "accept", ()),
            (
                D(2023, 6, 27),
                "draft",
                (
                    "C",
                    "轨道交通线网加密需结合财力统筹，条件具备时实施。",
                    "条件具备时启动第二轮轨道交通线网规划",
                ),
            ),
            (D(2023, 6, 27), "submit", ()),
        ),
    ),
)
# The parts of the split proposal, once split: (unit, script after the split).
SPLIT_PARTS = {
    "sc.nynct": _answered(
        D(2023, 3, 10),
        D(2023, 5, 30),
        "C",
        "乡村人才专项计划需要编制支持，条件具备时扩大实施范围。",
        "条件具备时将乡村人才专项计划扩大到全部脱贫县",
        send=D(2023, 6, 6),
    )[1:],
    "sc.rst": ((D(2023, 3, 13), "accept", ()),),
}


def load(engine: Engine, settings: Settings, system: Actor, as_of: date) -> int:
    """Register and handle the demo's suggestions and proposals up to ``as_of``; returns
    how many entries there are (0 when they are there already)."""
    with unit_of_work(engine) as session:
        if queries.find_proposal(session, actor=system, session_name=NPC, number="0001"):
            return 0
        ids: dict[str, int] = {}
        for entry in ENTRIES:
            clock.travel_to(_at(D(2023, 3, 6)))
            p = proposals.create_proposal(
                session,
                actor=system,
                data=ProposalCreate(
                    session=entry.session,
                    number=entry.number,
                    kind="suggestion" if entry.session == NPC else "proposal",
                    title=entry.title,
                    content=f"{entry.proposer}等代表（委员）提出：{entry.title[2:]}。",
                    proposer=entry.proposer,
                    co_signers=list(entry.co_signers),
                    category=entry.category,
                ),
                settings=settings,
            )
            ids[entry.number] = p.id
    # Every entry's steps in the order of the days, an entry's own steps in their order.
    steps = sorted(
        ((day, n, i), entry, step, args)
        for n, entry in enumerate(ENTRIES)
        for i, (day, step, args) in enumerate(entry.script)
        if day <= as_of
    )
    parts: dict[str, int] = {}
    for (day, _, _), entry, step, args in steps:
        clock.travel_to(_at(day))
        with unit_of_work(engine) as session:
            made = _step(session, settings, system, ids[entry.number], entry, step, args)
            for unit, part_id in made.items():
                parts[unit] = part_id
    part_steps = sorted(
        ((day, unit, i), step, args)
        for unit, script in SPLIT_PARTS.items()
        if unit in parts
        for i, (day, step, args) in enumerate(script)
        if day <= as_of
    )
    split_entry = next(e for e in ENTRIES if e.number == "0103")
    for (day, unit, _), step, args in part_steps:
        clock.travel_to(_at(day))
        with unit_of_work(engine) as session:
            _step(session, settings, system, parts[unit], split_entry, step, args)
    clock.travel_to(_at(as_of))
    with unit_of_work(engine) as session:
        calendar = schedule.calendar_for(session, settings=settings, tenant_id=system.tenant_id)
        jobs.run(session, actor=system, settings=settings, calendar=calendar, on=as_of)
    return len(ENTRIES) + len(parts)


def _at(day: date) -> datetime:
    return datetime.combine(day, time(10, 0), tzinfo=clock.LOCAL_TZ)


def _step(
    session: Any,
    settings: Settings,
    system: Actor,
    proposal_id: int,
    entry: Entry,
    step: str,
    args: tuple[Any, ...],
) -> dict[str, int]:
    kw: dict[str, Any] = {"actor": system, "proposal_id": proposal_id, "settings": settings}
    if step == "assign":
        units = ProposalAssign(lead_unit=entry.lead, co_units=list(entry.co_units))
        proposals.assign_proposal(session, data=units, **kw)
    elif step == "split":
        made = proposals.split_proposal(session, data=ProposalSplit(units=list(args[0])), **kw)
        return {unit: p.id for unit, p in zip(args[0], made, strict=True)}
    elif step == "accept":
        proposals.accept_proposal(session, **kw)
    elif step == "return":
        proposals.return_proposal(session, data=ProposalReturn(reason=args[0]), **kw)
    elif step == "draft":
        outcome, text, commitment = args
        reply = ReplyDraft(outcome=outcome, text=text, commitment=commitment)
        proposals.draft_reply(session, data=reply, **kw)
    elif step == "submit":
        proposals.submit_reply(session, **kw)
    elif step == "sign":
        p = proposals.get_proposal_for(
            session, actor=system, proposal_id=proposal_id, action="proposal.view"
        )
        for unit in queries.to_reads(session, [p])[0].co_units:
            proposals.countersign_reply(session, data=Countersign(), unit=unit.code, **kw)
    elif step == "send":
        proposals.send_reply(session, **kw)
    elif step == "rate":
        proposals.rate_proposal(session, data=ProposalRate(satisfaction=args[0]), **kw)
    elif step == "close":
        proposals.close_proposal(session, **kw)
    return {}
