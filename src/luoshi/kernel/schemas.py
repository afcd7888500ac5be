"""Kernel API shapes."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictBool

from luoshi.kernel.fields import LIST_MAX, Code, Name, Note, ShortName


class UnitRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    code: str
    name_zh: str
    name_en: str
    short_zh: str
    kind: str
    parent_id: int | None
    path: str
    functions: str
    aliases: list[str]


class UnitCreate(BaseModel):
    code: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.\-]+$")
    name_zh: str = Field(min_length=1, max_length=200)
    name_en: Name = ""
    short_zh: ShortName = ""
    kind: str = Field(pattern=r"^(national|province|department|city|county|township|office|other)$")
    parent: Code | None = None
    functions: Note = ""
    aliases: Annotated[list[Name], Field(max_length=LIST_MAX)] = Field(default_factory=list)
    head_email: Name = ""


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    email: str
    unit_id: int
    roles: list[str]
    language: str | None


class AccountRead(UserRead):
    """An account as the administrators see it."""

    active: bool


class AccountCreate(BaseModel):
    username: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9_.@\-]+$")
    unit: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=200)
    display_name: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=200)
    language: str | None = Field(default=None, pattern=r"^(zh|en)$")
    # Only the security administrator gives roles; the system administrator leaves this empty.
    roles: list[Code] = Field(default_factory=list, max_length=10)


class PasswordReset(BaseModel):
    password: str = Field(min_length=1, max_length=200)


class RoleChange(BaseModel):
    role: str = Field(min_length=1, max_length=32)


class CalendarDayRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    day: date
    working: bool
    name: str


class CalendarDaySet(BaseModel):
    working: bool
    name: str = Field(default="", max_length=100)


class PublicSwitch(BaseModel):
    """Whether a record shows on the public accountability page (/public). Strict: a
    string such as "false" is refused, not read as true."""

    public: StrictBool
