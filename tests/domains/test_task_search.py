"""Task search (Chinese and English words, on SQLite FTS5 and PostgreSQL full text) and the
list's orders."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session

from luoshi.domains.directives import service as directives
from luoshi.domains.sources.schemas import SourceCreate
from luoshi.domains.tasks import service as tasks
from luoshi.domains.tasks.models import Task
from luoshi.domains.tasks.schemas import PublishOptions, TaskCreate, TaskUpdate
from luoshi.errors import InvalidInput, NotFound
from luoshi.extract.search import index_words, query_words
from tests.factories import World, build_world

READOUT = b"""On May 8, the provincial government held an executive meeting.

The meeting stressed that the Department of Commerce must promote the recovery of \
consumption in county towns by the end of September.
"""


@pytest.fixture
def world(session: Session) -> World:
    return build_world(session)


def _make(session: Session, world: World, title: str, **extra: object) -> int:
    data = TaskCreate(title=title, **extra)  # type: ignore[arg-type]
    return tasks.create_task(session, actor=world.office, data=data).id


def _found(session: Session, world: World, q: str, **extra: object) -> list[str]:
    rows, total = tasks.list_tasks(
        session,
        actor=world.office,
        filters=tasks.TaskFilter(q=q, **extra),  # type: ignore[arg-type]
    )
    assert total == len(rows)
    return [t.title for t in rows]


def test_words_are_segmented_for_both_languages() -> None:
    assert {"重点", "项目", "重点项目", "建设"} <= set(index_words("加快重点项目建设").split())
    assert index_words("Promote Consumption, now!") == "promote consumption now"
    assert query_words("项目建设") == ["项目", "建设"]
    assert query_words("  ") == []


def test_chinese_words_find_a_task_in_any_order_and_inside_longer_words(
    session: Session, world: World
) -> None:
    _make(session, world, "加快推进重点项目建设")
    _make(session, world, "做好稳就业工作")
    assert _found(session, world, "项目") == ["加快推进重点项目建设"]
    # Not a substring of the title: both words, in another order.
    assert _found(session, world, "建设 重点项目") == ["加快推进重点项目建设"]
    assert _found(session, world, "就业") == ["做好稳就业工作"]
    assert _found(session, world, "粮食") == []


def test_english_words_match_as_prefixes_and_ignore_case(session: Session, world: World) -> None:
    _make(session, world, "Speed up the construction of key projects")
    _make(session, world, "Stabilise employment")
    assert _found(session, world, "KEY construct") == ["Speed up the construction of key projects"]
    assert _found(session, world, "employ") == ["Stabilise employment"]
    assert _found(session, world, "key employment") == []


def test_the_code_and_odd_characters_still_search_as_typed(session: Session, world: World) -> None:
    made = _make(session, world, "100% 完成 (一季度)")
    code = tasks.get_task_for(session, actor=world.office, task_id=made, action="task.view").code
    assert _found(session, world, code) == ["100% 完成 (一季度)"]
    assert _found(session, world, '"%') == []  # quotes and wildcards are only characters
    assert _found(session, world, "100%") == ["100% 完成 (一季度)"]


def test_an_edited_title_is_found_by_its_new_words_only(session: Session, world: World) -> None:
    task_id = _make(session, world, "促进消费恢复")
    task = tasks.get_task_for(session, actor=world.office, task_id=task_id, action="task.view")
    tasks.edit_terms(
        session,
        actor=world.office,
        task=task,
        data=TaskUpdate(version=task.version, title="稳定外贸外资", description="口岸通关"),
    )
    assert _found(session, world, "消费") == []
    assert _found(session, world, "外资") == ["稳定外贸外资"]
    assert _found(session, world, "通关") == ["稳定外贸外资"]


def test_a_task_is_found_by_its_source_sentence(session: Session, world: World) -> None:
    source, _ = directives.ingest_source(
        session,
        actor=world.office,
        content=READOUT,
        data=SourceCreate(title="meeting", doc_date=date(2023, 5, 8), filename="m.txt"),
        max_bytes=1 << 20,
    )
    made = tasks.create_from_breakdown(
        session, actor=world.office, source_id=source.id, options=PublishOptions(assign=False)
    )
    assert made
    # "county towns" is in the sentence; the title the extractor gave may not hold it.
    found, _ = tasks.list_tasks(session, actor=world.office, filters=tasks.TaskFilter(q="county"))
    assert [t.id for t in found] == [t.id for t in made if "county" in _sentence(source.text, t)]
    assert found


def _sentence(text: str, task: Task) -> str:
    return text[task.span_start or 0 : task.span_end or 0]


def test_search_stays_in_the_actors_scope(session: Session, world: World) -> None:
    _make(session, world, "城市更新行动", lead_unit="p.a")
    _make(session, world, "城市燃气管道更新", lead_unit="p.b")
    rows, _ = tasks.list_tasks(session, actor=world.city_a, filters=tasks.TaskFilter(q="更新"))
    assert [t.title for t in rows] == ["城市更新行动"]  # not city B's
    assert sorted(_found(session, world, "更新")) == ["城市更新行动", "城市燃气管道更新"]


def test_orders_by_light_due_date_and_unit(session: Session, world: World) -> None:
    a = _make(session, world, "甲", due_date=date(2023, 9, 1), lead_unit="p.swt")
    b = _make(session, world, "乙", due_date=date(2023, 6, 1), lead_unit="p.fgw")
    c = _make(session, world, "丙")
    for task_id, light in ((a, "green"), (b, "yellow"), (c, "red")):
        tasks.get_task_for(
            session, actor=world.office, task_id=task_id, action="task.view"
        ).light = light
    session.flush()

    def order(sort: str) -> list[str]:
        rows, _ = tasks.list_tasks(session, actor=world.office, filters=tasks.TaskFilter(sort=sort))
        return [t.title for t in rows]

    assert order("light") == ["丙", "乙", "甲"]
    assert order("due") == ["乙", "甲", "丙"]  # no due date last
    assert order("unit") == ["乙", "甲", "丙"]  # p.fgw, p.swt, no lead last
    assert order("code") == ["甲", "乙", "丙"]
    with pytest.raises(InvalidInput):
        order("title; drop table task")


def test_a_unit_saves_named_views_and_sees_only_its_own(session: Session, world: World) -> None:
    view = tasks.save_view(
        session,
        actor=world.office,
        name=" 红灯 by due ",
        values={"light": "red", "sort": "due", "q": " 项目 ", "page": "3", "status": ""},
    )
    assert (view.name, view.query) == ("红灯 by due", "light=red&q=%E9%A1%B9%E7%9B%AE&sort=due")
    again = tasks.save_view(session, actor=world.office, name="红灯 by due", values={})
    assert again.id == view.id and again.query == ""  # the same name is replaced
    assert [v.name for v in tasks.list_views(session, actor=world.office)] == ["红灯 by due"]
    assert tasks.list_views(session, actor=world.city_a) == []
    with pytest.raises(NotFound):
        tasks.delete_view(session, actor=world.city_a, view_id=view.id)
    with pytest.raises(InvalidInput):
        tasks.save_view(session, actor=world.office, name="  ", values={})
    tasks.delete_view(session, actor=world.office, view_id=view.id)
    assert tasks.list_views(session, actor=world.office) == []
