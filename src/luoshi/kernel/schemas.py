"""Kernel API shapes."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


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
    name_en: str = ""
    short_zh: str = ""
    kind: str = Field(pattern=r"^(national|province|department|city|county|township|office|other)$")
    parent: str | None = None
    functions: str = ""
    aliases: list[str] = Field(default_factory=list)
    head_email: str = ""


class UserRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    username: str
    display_name: str
    email: str
    unit_id: int
    roles: list[str]
    language: str
