"""The support items' job: refresh every open item's light, chase the agreed ones that
have not landed by their expected date (the reminder ladder of supervision)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from luoshi.domains.supervision.chase import chase
from luoshi.domains.support import service
from luoshi.kernel.calendar import WorkingCalendar
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor
from luoshi.settings import Settings


def run(
    session: Session, *, actor: Actor, settings: Settings, calendar: WorkingCalendar, on: date
) -> list[dict[str, Any]]:
    done: list[dict[str, Any]] = []
    for item in service.open_items(session, tenant_id=actor.tenant_id):
        if service.refresh_light(item, settings=settings, on=on):
            done.append({"job": "support_light", "support_item": item.code, "light": item.light})
        if item.status != "agreed" or item.expected_on is None:
            continue
        lead = session.get(Unit, item.lead_unit_id)
        assert lead is not None  # a foreign key
        step = chase(
            session,
            actor=actor,
            settings=settings,
            calendar=calendar,
            on=on,
            object_type="support_item",
            object_id=item.id,
            unit=lead,
            subject_key="landing",
            due=item.expected_on,
            title=f"争取支持事项落地：{item.title}",
            link=f"/support-items/{item.id}",
        )
        if step is not None:
            done.append(step)
    session.flush()
    return done
