"""A bulletin as PDF: its Word form converted by LibreOffice (``soffice --headless``).

Each conversion runs with a LibreOffice profile of its own (concurrent conversions do not
share the profile's lock) and a fontconfig file that maps the official faces, where they are
not installed, to the free CJK fonts of ``bulletin_fonts``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from luoshi.errors import Unavailable
from luoshi.interchange.bulletin_fonts import OFFICIAL, XIAOBIAOSONG, substitute

TIMEOUT_SECONDS = 120


class PdfUnavailable(Unavailable):
    """LibreOffice is not installed, or it failed to convert."""


def soffice() -> str | None:
    """The LibreOffice command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def fontconfig_file() -> str:
    """A fontconfig configuration: the system's, and an alias from each official face that
    is missing to its free stand-in (the title's 小标宋 as the bold of a serif)."""
    rules = []
    for font in OFFICIAL:
        stand_in = substitute(font)
        if stand_in is None or stand_in == font.name:
            continue
        weight = (
            '<edit name="weight" mode="assign"><const>bold</const></edit>'
            if font is XIAOBIAOSONG
            else ""
        )
        rules.append(
            f'<match target="pattern"><test name="family"><string>{escape(font.name)}</string>'
            f'</test><edit name="family" mode="assign" binding="strong"><string>'
            f"{escape(stand_in)}</string></edit>{weight}</match>"
        )
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        + "\n".join(rules)
        + "\n</fontconfig>\n"
    )


def docx_to_pdf(docx: bytes) -> bytes:
    """Convert a .docx file's bytes to PDF with LibreOffice."""
    command = soffice()
    if command is None:
        raise PdfUnavailable.of("err_pdf_needs_libreoffice_soffice_install_with_make")
    with tempfile.TemporaryDirectory(prefix="luoshi-pdf-") as tmp:
        work = Path(tmp)
        source = work / "bulletin.docx"
        source.write_bytes(docx)
        fonts = work / "fonts.conf"
        fonts.write_text(fontconfig_file(), encoding="utf-8")
        env = {**os.environ, "FONTCONFIG_FILE": str(fonts), "HOME": str(work)}
        try:
            done = subprocess.run(
                [
                    command,
                    f"-env:UserInstallation={(work / 'profile').as_uri()}",
                    "--headless",
                    "--norestore",
                    "--convert-to",
                    "pdf:writer_pdf_Export",
                    "--outdir",
                    str(work),
                    str(source),
                ],
                capture_output=True,
                timeout=TIMEOUT_SECONDS,
                env=env,
                check=False,
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfUnavailable.of("err_libreoffice_took_too_long_to_convert_bulletin") from exc
        target = work / "bulletin.pdf"
        if done.returncode != 0 or not target.exists():
            detail = done.stderr.decode("utf-8", "replace").strip()[-500:]
            raise PdfUnavailable.of(
                "err_libreoffice_could_not_convert_bulletin_detail", detail=detail
            )
        return target.read_bytes()
