"""The unit tree: create, import, find, and subtree scope."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import yaml
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from luoshi import i18n
from luoshi.errors import InvalidInput, LuoshiError, NotFound, worded
from luoshi.kernel import audit
from luoshi.kernel.models import Unit
from luoshi.kernel.permissions import Actor, check
from luoshi.kernel.schemas import UnitCreate

UNIT_FIELDS = ("code", "name_zh", "name_en", "short_zh", "kind", "parent_id", "path", "functions")


@dataclass(frozen=True)
class RowError:
    """A bad row of a unit file: ``message`` the English (logs), ``parts`` the catalogue
    messages it says, each a key and its blanks, so that ``message_in`` says it to a reader
    of either language (the CLI's ``--lang``)."""

    row: int
    message: str
    parts: tuple[tuple[str, Mapping[str, Any]], ...] = field(default=(), compare=False)

    @classmethod
    def of(cls, row: int, key: str, **params: Any) -> RowError:
        return cls(row, i18n.text(key, "en", **params), ((key, params),))

    @classmethod
    def caught(cls, row: int, exc: LuoshiError) -> RowError:
        parts = exc.parts or ([(exc.key, exc.params)] if exc.key else [])
        return cls(row, exc.message, tuple((k, dict(p)) for k, p in parts if k))

    @classmethod
    def refused(cls, row: int, exc: ValidationError) -> RowError:
        """Every field the unit schema refused, each by its column and pydantic's type."""
        parts = []
        for e in exc.errors():
            ctx = e.get("ctx") or {}
            limit = ctx.get("max_length", ctx.get("min_length", ctx.get("limit_value", "")))
            column = ".".join(str(p) for p in e["loc"])
            params = {"column": column, "msg": e["msg"], "type": e["type"], "limit": limit}
            parts.append(("err_row_field_refused", params))
        return cls(row, _short_error(exc), tuple(parts))

    def message_in(self, language: str) -> str:
        """The error as a reader of ``language`` reads it (the English as raised)."""
        lang = i18n.language_of(language)
        if lang == "en" or not self.parts:
            return self.message
        return "；".join(_said(key, params, lang) for key, params in self.parts)


def _said(key: str, params: Mapping[str, Any], lang: str) -> str:
    said = worded(params, lang)
    if key == "err_row_field_refused":
        kind = i18n.FIELD_MESSAGES.get(str(params.get("type")), "field_invalid")
        said["msg"] = i18n.text(kind, lang, limit=params.get("limit", ""))
    column = said.get("column")
    if isinstance(column, str) and column and i18n.has(f"col_{column.split('.')[0]}"):
        said["column"] = i18n.text(f"col_{column.split('.')[0]}", lang)
    return i18n.text(key, lang, **said)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    errors: tuple[RowError, ...]
    dry_run: bool


def get_unit_by_code(session: Session, *, tenant_id: str, code: str) -> Unit:
    unit = session.scalar(select(Unit).where(Unit.tenant_id == tenant_id, Unit.code == code))
    if unit is None:
        raise NotFound.of("err_unit_code_not_found", code=code)
    return unit


def named_unit(session: Session, *, tenant_id: str, code: str) -> Unit:
    """The unit a request names by its code; a code naming none is bad input (422), not a
    missing page."""
    unit = session.scalar(select(Unit).where(Unit.tenant_id == tenant_id, Unit.code == code))
    if unit is None:
        raise InvalidInput.of("err_unit_code_does_not_exist", code=code, details={"unit": code})
    return unit


def find_units(session: Session, *, tenant_id: str, code_or_name: str) -> list[Unit]:
    """The units a sheet may mean by ``code_or_name``: its code, Chinese name or short name."""
    given = code_or_name.strip()
    if not given:
        return []
    return list(
        session.scalars(
            select(Unit)
            .where(
                Unit.tenant_id == tenant_id,
                (Unit.code == given) | (Unit.name_zh == given) | (Unit.short_zh == given),
            )
            .order_by(Unit.path)
        )
    )


def get_unit(session: Session, *, actor: Actor, unit_id: int) -> Unit:
    unit = session.get(Unit, unit_id)
    if unit is None or unit.tenant_id != actor.tenant_id:
        raise NotFound.of("err_unit_not_found")
    check(actor, "unit.view")
    return unit


def acting_unit(session: Session, *, actor: Actor) -> Unit:
    """The unit an actor acts as: its own, or for the system the tenant's top unit."""
    unit = session.get(Unit, actor.unit_id) if actor.unit_id is not None else None
    if unit is None:
        unit = session.scalar(
            select(Unit)
            .where(Unit.tenant_id == actor.tenant_id, Unit.parent_id.is_(None))
            .order_by(Unit.id)
            .limit(1)
        )
    if unit is None:
        raise InvalidInput.of("err_unit_tree_empty_import_units_first")
    return unit


def check_within(unit: Unit, top: Unit) -> None:
    """Refuse ``unit`` unless it lies in ``top``'s subtree: an office obliges only the
    units below it (a missing unit and one elsewhere in the tree read alike)."""
    if not unit.path.startswith(top.path):
        raise InvalidInput.of(
            "err_name_zh_code_not_unit_under_name",
            name_zh=unit.name_zh,
            code=unit.code,
            name_zh2=top.name_zh,
            code2=top.code,
            details={"unit": unit.code, "office_unit": top.code},
        )


def list_units(
    session: Session, *, actor: Actor, under: str | None = None, kind: str | None = None
) -> list[Unit]:
    """Units of the tenant (the whole tree is visible: assigning needs it), ordered by path."""
    check(actor, "unit.view")
    stmt = select(Unit).where(Unit.tenant_id == actor.tenant_id, Unit.active.is_(True))
    if under is not None:
        root = get_unit_by_code(session, tenant_id=actor.tenant_id, code=under)
        stmt = stmt.where(Unit.path.startswith(root.path))
    if kind is not None:
        stmt = stmt.where(Unit.kind == kind)
    return list(session.scalars(stmt.order_by(Unit.path)))


class UnitChoice(NamedTuple):
    """A unit as a filter or a form offers it: what ``list_units`` gives, without the
    objects (a province has thousands of units, and every list page offers them)."""

    id: int
    code: str
    name_zh: str
    name_en: str | None
    kind: str
    path: str


def unit_choices(
    session: Session, *, actor: Actor, under: str | None = None, kind: str | None = None
) -> list[UnitChoice]:
    """``list_units`` as plain rows, in one statement, ordered by path."""
    check(actor, "unit.view")
    stmt = select(Unit.id, Unit.code, Unit.name_zh, Unit.name_en, Unit.kind, Unit.path).where(
        Unit.tenant_id == actor.tenant_id, Unit.active.is_(True)
    )
    if under is not None:
        root = get_unit_by_code(session, tenant_id=actor.tenant_id, code=under)
        stmt = stmt.where(Unit.path.startswith(root.path))
    if kind is not None:
        stmt = stmt.where(Unit.kind == kind)
    return [UnitChoice._make(row) for row in session.execute(stmt.order_by(Unit.path))]


def subtree_ids(session: Session, unit: Unit) -> list[int]:
    return list(session.scalars(select(Unit.id).where(Unit.path.startswith(unit.path))))


def children(session: Session, unit: Unit) -> list[Unit]:
    return list(session.scalars(select(Unit).where(Unit.parent_id == unit.id).order_by(Unit.code)))


def create_unit(session: Session, *, actor: Actor, data: UnitCreate) -> Unit:
    check(actor, "unit.manage")
    existing = session.scalar(
        select(Unit).where(Unit.tenant_id == actor.tenant_id, Unit.code == data.code)
    )
    if existing is not None:
        raise InvalidInput.of("err_unit_code_code_already_exists", code=data.code)
    parent = _parent(session, actor, data.parent)
    unit = Unit(
        tenant_id=actor.tenant_id,
        code=data.code,
        name_zh=data.name_zh,
        name_en=data.name_en,
        short_zh=data.short_zh,
        kind=data.kind,
        parent_id=parent.id if parent else None,
        functions=data.functions,
        aliases=list(data.aliases),
        head_email=data.head_email,
    )
    session.add(unit)
    session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="unit.create",
        object_type="unit",
        object_id=unit.id,
        new=audit.snapshot(unit, UNIT_FIELDS),
    )
    return unit


def _parent(session: Session, actor: Actor, code: str | None) -> Unit | None:
    if code is None:
        return None
    parent = session.scalar(
        select(Unit).where(Unit.tenant_id == actor.tenant_id, Unit.code == code)
    )
    if parent is None:
        raise InvalidInput.of("err_parent_unit_code_does_not_exist", code=code)
    return parent


def _update_unit(session: Session, actor: Actor, unit: Unit, data: UnitCreate) -> bool:
    old = audit.snapshot(unit, UNIT_FIELDS)
    unit.name_zh, unit.name_en, unit.short_zh = data.name_zh, data.name_en, data.short_zh
    unit.kind, unit.functions = data.kind, data.functions
    unit.aliases, unit.head_email = list(data.aliases), data.head_email
    session.flush()
    new = audit.snapshot(unit, UNIT_FIELDS)
    if old == new:
        return False
    audit.record(
        session,
        actor=actor,
        action="unit.update",
        object_type="unit",
        object_id=unit.id,
        old=old,
        new=new,
    )
    return True


def parse_units_file(content: bytes, filename: str) -> list[tuple[int, dict[str, Any]]]:
    """Numbered rows of a CSV (UTF-8, header row 1) or YAML (``units: [...]``) unit file."""
    is_yaml = filename.lower().endswith((".yaml", ".yml"))
    if not is_yaml and not filename.lower().endswith(".csv"):
        raise InvalidInput.of("err_unit_file_csv_yaml_or_yml")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise InvalidInput.of("err_unit_file_neither_utf_8_nor_gb18030") from exc
    if is_yaml:
        try:
            loaded = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise InvalidInput.of("err_unit_file_not_valid_yaml_exc", exc=exc) from exc
        rows = loaded.get("units") if isinstance(loaded, dict) else loaded
        if not isinstance(rows, list):
            raise InvalidInput.of("err_yaml_unit_file_holds_list_under_units")
        return [(n, r if isinstance(r, dict) else {"_invalid": r}) for n, r in enumerate(rows, 1)]
    reader = csv.DictReader(io.StringIO(text))
    return [(n, dict(r)) for n, r in enumerate(reader, 2)]


def _row_to_create(row: dict[str, Any]) -> UnitCreate:
    if "_invalid" in row:
        raise InvalidInput.of("err_row_not_mapping")
    functions = row.get("functions") or "\n".join(
        str(row[k]) for k in ("functions_zh", "functions_en") if row.get(k)
    )
    aliases = row.get("aliases") or []
    if isinstance(aliases, str):
        aliases = [a.strip() for a in aliases.replace("；", ";").split(";") if a.strip()]
    return UnitCreate(
        code=str(row.get("code") or "").strip(),
        name_zh=str(row.get("name_zh") or "").strip(),
        name_en=str(row.get("name_en") or "").strip(),
        short_zh=str(row.get("short_zh") or "").strip(),
        kind=str(row.get("kind") or "").strip(),
        parent=(str(row["parent"]).strip() or None) if row.get("parent") else None,
        functions=str(functions),
        aliases=[str(a) for a in aliases],
        head_email=str(row.get("head_email") or ""),
    )


def import_units(
    session: Session,
    *,
    actor: Actor,
    rows: Sequence[tuple[int, dict[str, Any]]],
    dry_run: bool = False,
) -> ImportResult:
    """Create or update units from rows, all or nothing.

    Every row is validated first (fields, duplicate codes, parents that exist in the file
    or the database); if any row is bad nothing is written and the errors name the rows.
    """
    check(actor, "unit.manage")
    errors: list[RowError] = []
    parsed: list[tuple[int, UnitCreate]] = []
    seen: set[str] = set()
    known = set(session.scalars(select(Unit.code).where(Unit.tenant_id == actor.tenant_id)))
    for number, row in rows:
        try:
            data = _row_to_create(row)
        except ValidationError as exc:
            errors.append(RowError.refused(number, exc))
            continue
        except InvalidInput as exc:
            errors.append(RowError.caught(number, exc))
            continue
        if data.code in seen:
            errors.append(RowError.of(number, "err_unit_row_duplicate_code", code=data.code))
            continue
        seen.add(data.code)
        parsed.append((number, data))
    for number, data in parsed:
        if data.parent is not None and data.parent not in seen and data.parent not in known:
            errors.append(RowError.of(number, "err_unit_row_parent_unknown", parent=data.parent))
    if errors or dry_run:
        created = sum(1 for _, d in parsed if d.code not in known)
        return ImportResult(created, len(parsed) - created, tuple(errors), dry_run)
    created = updated = 0
    for _, data in _parents_first(parsed):
        existing = session.scalar(
            select(Unit).where(Unit.tenant_id == actor.tenant_id, Unit.code == data.code)
        )
        if existing is None:
            create_unit(session, actor=actor, data=data)
            created += 1
        elif _update_unit(session, actor, existing, data):
            updated += 1
    return ImportResult(created, updated, (), False)


def _parents_first(parsed: Iterable[tuple[int, UnitCreate]]) -> list[tuple[int, UnitCreate]]:
    pending = list(parsed)
    codes_in_file = {d.code for _, d in pending}
    done: set[str] = set()
    ordered: list[tuple[int, UnitCreate]] = []
    while pending:
        rest = []
        for item in pending:
            parent = item[1].parent
            if parent is None or parent not in codes_in_file or parent in done:
                ordered.append(item)
                done.add(item[1].code)
            else:
                rest.append(item)
        if len(rest) == len(pending):
            raise InvalidInput.of("err_unit_file_has_cycle_parents")
        pending = rest
    return ordered


def _short_error(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
