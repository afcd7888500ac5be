"""The extraction as text: JSON (the DESIGN.md §5 contract) or a Markdown draft for people."""

from __future__ import annotations

import json

from luoshi.extract.model import Directive, Extraction

_LABELS = {
    "en": {"lines": "Work lines", "other": "Other directives", "actors": "actors",
           "deadline": "deadline", "targets": "targets", "programmes": "programmes",
           "units": "suggested units", "domain": "domain", "none": "No directives found."},
    "zh": {"lines": "工作板块", "other": "其他部署要求", "actors": "责任主体", "deadline": "时限",
           "targets": "目标", "programmes": "专项", "units": "建议单位", "domain": "领域",
           "none": "未找到部署要求。"},
}


def to_json(extraction: Extraction, indent: int | None = 2) -> str:
    """The JSON contract, Chinese kept readable (no \\u escapes)."""
    return json.dumps(extraction.to_dict(), ensure_ascii=False, indent=indent)


def to_markdown(extraction: Extraction) -> str:
    """A draft breakdown: each work line with its directives, then the ungrouped ones."""
    source = extraction.source
    labels = _LABELS.get(source.language, _LABELS["en"])
    out = [f"# {source.title or 'Extraction'}", ""]
    meta = [source.language, source.date.isoformat() if source.date else "no date",
            f"{source.chars} chars"]
    out += [" · ".join(meta), ""]
    if not extraction.directives:
        out += [labels["none"], ""]
    for line in extraction.work_lines:
        out += [f"## {line.id} {line.heading}" + (f" ({line.domain})" if line.domain else ""), ""]
        out += [_item(d, labels) for d in extraction.directives if d.work_line == line.id]
        out.append("")
    loose = [d for d in extraction.directives if d.work_line is None]
    if loose:
        out += [f"## {labels['other']}", ""]
        out += [_item(d, labels) for d in loose]
        out.append("")
    return "\n".join(out)


def _item(directive: Directive, labels: dict[str, str]) -> str:
    text = " ".join(directive.text.split())
    lines = [f"- **{directive.id}** {text}"]
    details = []
    if directive.actors:
        details.append(f"{labels['actors']}: " + "; ".join(a.text for a in directive.actors))
    if directive.deadlines:
        details.append(f"{labels['deadline']}: " + "; ".join(
            d.text + (f" → {d.due.isoformat()}" if d.due else "") for d in directive.deadlines))
    if directive.targets:
        details.append(f"{labels['targets']}: " + "; ".join(t.text for t in directive.targets))
    if directive.programmes:
        details.append(f"{labels['programmes']}: "
                       + "; ".join(p.text for p in directive.programmes))
    if directive.suggested_units:
        details.append(f"{labels['units']}: " + "; ".join(
            f"{s.name} ({s.role}, {s.score:.2f})" for s in directive.suggested_units))
    if directive.domain:
        details.append(f"{labels['domain']}: {directive.domain}")
    lines += [f"  - {d}" for d in details]
    return "\n".join(lines)
