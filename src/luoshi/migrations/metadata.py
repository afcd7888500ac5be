"""The metadata of every model, for autogenerate and the migration test."""

from __future__ import annotations

import importlib

from sqlalchemy import MetaData

from luoshi.db import Base

MODEL_MODULES = (
    "luoshi.kernel.models",
    "luoshi.domains.sources.models",
    "luoshi.domains.directives.models",
    "luoshi.domains.tasks.models",
    "luoshi.domains.progress.models",
    "luoshi.domains.supervision.models",
    "luoshi.domains.livelihood.models",
    "luoshi.domains.projects.models",
    "luoshi.domains.proposals.models",
    "luoshi.domains.support.models",
    "luoshi.domains.docking.models",
    "luoshi.domains.bulletins.models",
)


def target_metadata() -> MetaData:
    for name in MODEL_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return Base.metadata
