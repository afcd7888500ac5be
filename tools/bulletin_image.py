"""Render the demo's May 2023 bulletin through LibreOffice and save its first pages as PNG
images for docs/bulletins.md.

    luoshi demo --db /tmp/demo.db --no-serve
    python tools/bulletin_image.py /tmp/demo.db docs/images

The bulletin is issued on the demo's date (30 June 2023) in a copy of the database, so the
images show a numbered document; the database given is not changed.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from luoshi import clock
from luoshi.db import make_engine, make_sessionmaker, transaction
from luoshi.domains.bulletins import service
from luoshi.domains.bulletins.schemas import BulletinUpdate
from luoshi.interchange.bulletin_document import render
from luoshi.kernel.permissions import system_actor
from luoshi.settings import get_settings

PAGES = 2
DPI = 60


def main(database: str, out_dir: str) -> None:
    target = Path(out_dir)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "demo.db"
        shutil.copy(database, copy)
        clock.travel_to(datetime(2023, 6, 30, 2, tzinfo=UTC))
        settings = get_settings()
        engine = make_engine(str(copy))
        actor = system_actor(settings.tenant)
        with transaction(make_sessionmaker(engine)) as session:
            draft = service.create_draft(session, actor=actor, period="2023-05", settings=settings)
            service.update_draft(
                session,
                actor=actor,
                bulletin_id=draft.id,
                changes=BulletinUpdate(number_prefix="川府督通"),
                settings=settings,
            )
            service.issue_bulletin(session, actor=actor, bulletin_id=draft.id, settings=settings)
            _, content = service.content_of(
                session, actor=actor, bulletin_id=draft.id, settings=settings
            )
        engine.dispose()
        pdf = Path(tmp) / "bulletin.pdf"
        pdf.write_bytes(render(content, "pdf"))
        prefix = Path(tmp) / "page"
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                str(DPI),
                "-f",
                "1",
                "-l",
                str(PAGES),
                str(pdf),
                str(prefix),
            ],
            check=True,
        )
        for n, page in enumerate(sorted(Path(tmp).glob("page-*.png")), start=1):
            shutil.copy(page, target / f"bulletin-2023-05-page{n}.png")
            print(target / f"bulletin-2023-05-page{n}.png")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
