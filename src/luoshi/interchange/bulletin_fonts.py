"""The fonts of an official document (GB/T 9704-2012) and the free CJK fonts that stand in
for them where the official ones are not installed.

Word reads the East Asian font name of each run (``w:eastAsia``): 仿宋_GB2312 for the body,
方正小标宋简体 for the title, 黑体 and 楷体_GB2312 for headings, 宋体 for page numbers. The
font table names an alternative for each (``w:altName``: FangSong, KaiTi…), and LibreOffice,
rendering the PDF, is told to use the free fonts below when the official ones are absent.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class OfficialFont:
    name: str  # what the document names (w:eastAsia)
    alt: str  # Windows' own name for a close font (w:altName in the font table)
    family: str  # "roman" (serif) or "swiss" (sans), for Word's own fallback
    free: tuple[str, ...]  # free CJK fonts (Debian) that stand in for it, best first


FANGSONG = OfficialFont("仿宋_GB2312", "仿宋", "roman", ("Noto Serif CJK SC", "AR PL UKai CN"))
XIAOBIAOSONG = OfficialFont("方正小标宋简体", "宋体", "roman", ("Noto Serif CJK SC",))
HEITI = OfficialFont("黑体", "SimHei", "swiss", ("Noto Sans CJK SC", "WenQuanYi Micro Hei"))
KAITI = OfficialFont("楷体_GB2312", "楷体", "roman", ("AR PL UKai CN", "Noto Serif CJK SC"))
SONGTI = OfficialFont("宋体", "SimSun", "roman", ("Noto Serif CJK SC",))
OFFICIAL = (FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI)
# The Latin font beside them (digits, letters): Times New Roman, or its metric twin.
LATIN = "Times New Roman"


@lru_cache(maxsize=1)
def installed_families() -> frozenset[str]:
    """Font families fontconfig knows (empty where fc-list is missing)."""
    try:
        out = subprocess.run(
            ["fc-list", ":", "family"], capture_output=True, text=True, timeout=30, check=False
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(name.strip() for line in out.splitlines() for name in line.split(","))


def substitute(font: OfficialFont) -> str | None:
    """The font to render ``font`` with here: itself if installed, else the first free one."""
    families = installed_families()
    if font.name in families:
        return font.name
    return next((f for f in font.free if f in families), None)


def chart_font_file() -> Path | None:
    """A CJK sans font file for charts (Noto Sans CJK or WenQuanYi Micro Hei)."""
    for family in ("Noto Sans CJK SC", "WenQuanYi Micro Hei"):
        try:
            out = subprocess.run(
                ["fc-match", "-f", "%{file}", f"{family}:lang=zh-cn"],
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            ).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return None
        if out and family.split()[0].lower() in Path(out).name.lower().replace("-", ""):
            return Path(out)
    return None
