"""The charts of a bulletin, as PNG images (matplotlib, a free CJK font)."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from luoshi.domains.bulletins.schemas import BulletinContent
from luoshi.interchange.bulletin_fonts import chart_font_file

COLORS = {
    "green": "#2e7d32",
    "yellow": "#f9a825",
    "red": "#c62828",
    "completed": "#1565c0",
    "not_started": "#9e9e9e",
}
LABELS = {
    "green": "绿灯",
    "yellow": "黄灯",
    "red": "红灯",
    "completed": "已完成",
    "not_started": "未启动",
}
_DPI = 200


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    path = chart_font_file()
    if path is not None:
        font_manager.fontManager.addfont(str(path))
        name = font_manager.FontProperties(fname=str(path)).get_name()
        plt.rcParams["font.family"] = [name, "DejaVu Sans"]
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["svg.hashsalt"] = "luoshi"
    return plt


def _png(fig: Any) -> bytes:
    out = BytesIO()
    fig.savefig(out, format="png", dpi=_DPI, bbox_inches="tight", metadata={"Software": None})
    import matplotlib.pyplot as plt

    plt.close(fig)
    return out.getvalue()


def _short(text: str, width: float = 14) -> str:
    """At most ``width`` ems: a CJK character is one, a Latin letter or digit half."""
    out, used = "", 0.0
    for char in text:
        step = 0.5 if ord(char) < 0x2E80 else 1.0
        if used + step > width - 0.5:
            return out.rstrip() + "…"
        out, used = out + char, used + step
    return out


def lights_chart(content: BulletinContent) -> bytes:
    """Tasks of each work line by light, as stacked horizontal bars."""
    plt = _pyplot()
    lines = content.lines or []
    names = [f"{i}. {_short(line.name)}" for i, line in enumerate(lines, start=1)][::-1]
    fig, ax = plt.subplots(figsize=(6.2, 0.42 * max(len(lines), 3) + 0.9))
    left = [0] * len(lines)
    for key in ("completed", "green", "yellow", "red"):
        values = [getattr(line, key) for line in lines][::-1]
        ax.barh(names, values, left=left, color=COLORS[key], label=LABELS[key], height=0.6)
        left = [a + b for a, b in zip(left, values, strict=True)]
    rest = [line.tasks - line.completed - line.green - line.yellow - line.red for line in lines][
        ::-1
    ]
    ax.barh(
        names, rest, left=left, color=COLORS["not_started"], label=LABELS["not_started"], height=0.6
    )
    ax.set_xlabel("任务数（项）")
    ax.set_title(f"{content.period_label}各板块任务亮灯情况", fontsize=11)
    ax.legend(ncol=5, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.18), frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return _png(fig)


def league_chart(content: BulletinContent, *, top: int = 15) -> bytes:
    """The units' scores, best first (at most ``top``)."""
    plt = _pyplot()
    units = content.units[:top]
    names = [f"{u.rank}. {_short(u.unit, 12)}" for u in units][::-1]
    scores = [u.score for u in units][::-1]
    colors = [
        COLORS["red"] if u.red else COLORS["yellow"] if u.yellow else COLORS["green"] for u in units
    ][::-1]
    fig, ax = plt.subplots(figsize=(6.2, 0.36 * max(len(units), 3) + 0.8))
    bars = ax.barh(names, scores, color=colors, height=0.6)
    ax.bar_label(bars, labels=[f"{s:g}" for s in scores], fontsize=8, padding=2)
    ax.set_xlim(0, 110)
    ax.set_xlabel("综合得分")
    ax.set_title(f"{content.period_label}责任单位综合得分", fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    return _png(fig)


def charts(content: BulletinContent) -> dict[str, bytes]:
    """Every chart of the bulletin by name (none for a bulletin without tasks)."""
    if not content.overview.tasks:
        return {}
    found = {"lights": lights_chart(content)}
    if content.units:
        found["league"] = league_chart(content)
    return found
