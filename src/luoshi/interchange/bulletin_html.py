"""A bulletin as one printable HTML file: the same blocks as the Word form, A4 with the
official margins when printed, charts embedded as PNG data. Everything is escaped."""

from __future__ import annotations

import base64
from importlib.resources import files

from jinja2 import Environment, select_autoescape

from luoshi.domains.bulletins.schemas import BulletinContent
from luoshi.interchange import bulletin_text
from luoshi.interchange.bulletin_charts import charts

_TEMPLATE = (files("luoshi.interchange") / "templates" / "bulletin.html").read_text("utf-8")

_ENV = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
_ALTS = {"lights": "各板块任务亮灯情况", "league": "责任单位综合得分"}


def write_html(content: BulletinContent, *, images: dict[str, bytes] | None = None) -> str:
    """The bulletin as a standalone HTML document."""
    images = charts(content) if images is None else images
    return _ENV.from_string(_TEMPLATE).render(
        c=content,
        blocks=bulletin_text.blocks(content),
        images={k: base64.b64encode(v).decode("ascii") for k, v in images.items()},
        alts=_ALTS,
        date=bulletin_text.date_text(content),
    )
