"""``luoshi extract`` (a readout to a draft breakdown) and ``luoshi eval`` (score the
extractor against hand annotations)."""

from __future__ import annotations

import datetime as dt
import json
from enum import StrEnum
from importlib import resources
from pathlib import Path

import typer

from luoshi.cli.context import err_console
from luoshi.extract import ExtractInputError, extract, read_document
from luoshi.extract.render import to_json, to_markdown
from luoshi.extract.scoring import evaluate, format_report, gold_files
from luoshi.extract.units import Suggester
from luoshi.interchange.breakdown_xlsx import write_breakdown_xlsx
from luoshi.settings import get_settings

# The units shipped with luoshi (the sample province) serve the suggestions of the command
# line; a deployment's own units live in its database and are used by the web app.
UNITS_RESOURCE = "sichuan_units.yaml"


class Lang(StrEnum):
    en = "en"
    zh = "zh"


class OutputFormat(StrEnum):
    json = "json"
    md = "md"
    xlsx = "xlsx"


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    app.command("extract")(extract_command)
    app.command("eval")(eval_command)


def extract_command(
    file: Path = typer.Argument(
        ..., exists=True, dir_okay=False, help="A readout: .txt (UTF-8 or GBK), .docx or .html."
    ),
    lang: Lang | None = typer.Option(None, "--lang", help="Language (default: detected)."),
    date: str | None = typer.Option(
        None,
        "--date",
        metavar="YYYY-MM-DD",
        help="Document date for deadlines (default: from text).",
    ),
    format: OutputFormat = typer.Option(OutputFormat.json, "--format", help="Output format."),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Write here instead of standard output (xlsx default: FILE's name with .xlsx).",
    ),
    suggest: bool = typer.Option(
        True, "--suggest/--no-suggest", help="Suggest lead and co-units from the sample units."
    ),
) -> None:
    """Extract work lines, directives, deadlines, targets and units from FILE."""
    doc_date = None
    if date is not None:
        try:
            doc_date = dt.date.fromisoformat(date)
        except ValueError as exc:
            err_console.print(f"[red]error:[/red] --date must be YYYY-MM-DD, not {date!r}")
            raise typer.Exit(2) from exc
    try:
        document = read_document(file, max_bytes=get_settings().max_upload_bytes)
        result = extract(
            document.text,
            lang=lang.value if lang else None,
            date=doc_date,
            suggester=_suggester() if suggest else None,
        )
    except ExtractInputError as exc:
        err_console.print(f"[red]error:[/red] {file.name}: {exc}")
        raise typer.Exit(1) from exc
    if format is OutputFormat.xlsx:
        target = output or Path(file.stem + ".xlsx")
        write_breakdown_xlsx(result.to_dict(), target)
        err_console.print(f"wrote {len(result.directives)} tasks to {target}")
        return
    rendered = to_json(result) if format is OutputFormat.json else to_markdown(result)
    if output is not None:
        output.write_text(rendered + "\n", encoding="utf-8")
        err_console.print(f"wrote {output}")
    else:
        typer.echo(rendered)


def eval_command(
    gold_dir: Path = typer.Argument(
        ..., exists=True, help="A directory searched for NAME.gold.json + NAME.txt."
    ),
    format: ReportFormat = typer.Option(ReportFormat.text, "--format", help="Report format."),
) -> None:
    """Score the extractor: directive and work-line P/R/F1 and grouping, per document."""
    if not gold_files(gold_dir):
        err_console.print(f"[red]error:[/red] no *.gold.json under {gold_dir}")
        raise typer.Exit(1)
    evaluation = evaluate(gold_dir)
    if format is ReportFormat.json:
        typer.echo(json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_report(evaluation))


def _suggester() -> Suggester | None:
    """The suggester over the sample units, when both are installed."""
    try:
        from luoshi.extract.suggest import build_suggester, load_units_yaml
    except ImportError:
        return None
    units_file = resources.files("luoshi.data").joinpath(UNITS_RESOURCE)
    if not units_file.is_file():
        return None
    return build_suggester(load_units_yaml(units_file.read_text(encoding="utf-8")))
