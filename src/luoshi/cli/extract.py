"""``luoshi extract`` (a readout to a draft breakdown) and ``luoshi eval`` (score the
extractor against hand annotations)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import pickle
from enum import StrEnum
from importlib import resources
from pathlib import Path

import typer

from luoshi.extract import ExtractInputError, extract, read_document
from luoshi.extract.deadlines import LazyWorkingDays, WorkingDays
from luoshi.extract.render import to_json, to_markdown
from luoshi.extract.units import Suggester

# Imported when used, not here: ``luoshi extract`` of a text file must not pay for the
# database layer (luoshi.cli.context), Excel (openpyxl), or the working-day calendar.

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
            _error(f"--date must be YYYY-MM-DD, not {date!r}")
            raise typer.Exit(2) from exc
    try:
        document = read_document(file, max_bytes=_max_upload_bytes())
        result = extract(
            document.text,
            lang=lang.value if lang else None,
            date=doc_date,
            suggester=_suggester() if suggest else None,
            calendar=LazyWorkingDays(_kernel_calendar),
        )
    except ExtractInputError as exc:
        _error(f"{file.name}: {exc}")
        raise typer.Exit(1) from exc
    if format is OutputFormat.xlsx:
        from luoshi.interchange.breakdown_xlsx import write_breakdown_xlsx

        target = output or Path(file.stem + ".xlsx")
        write_breakdown_xlsx(result.to_dict(), target)
        typer.echo(f"wrote {len(result.directives)} tasks to {target}", err=True)
        return
    rendered = to_json(result) if format is OutputFormat.json else to_markdown(result)
    if output is not None:
        output.write_text(rendered + "\n", encoding="utf-8")
        typer.echo(f"wrote {output}", err=True)
    else:
        typer.echo(rendered)


def eval_command(
    gold_dir: Path = typer.Argument(
        ..., exists=True, help="A directory searched for NAME.gold.json + NAME.txt."
    ),
    format: ReportFormat = typer.Option(ReportFormat.text, "--format", help="Report format."),
) -> None:
    """Score the extractor: directive and work-line P/R/F1 and grouping, per document."""
    from luoshi.extract.scoring import evaluate, format_report, gold_files

    if not gold_files(gold_dir):
        _error(f"no *.gold.json under {gold_dir}")
        raise typer.Exit(1)
    evaluation = evaluate(gold_dir)
    if format is ReportFormat.json:
        typer.echo(json.dumps(evaluation.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_report(evaluation))


# Settings' default for LUOSHI_MAX_UPLOAD_BYTES (tests/cli/test_lazy.py checks they agree).
DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _max_upload_bytes() -> int:
    """The upload limit. Settings come from the environment only (no .env file), so when
    the variable is not set the default applies and pydantic-settings (a quarter of a
    second to import) is not needed to say so."""
    if not any(name.upper() == "LUOSHI_MAX_UPLOAD_BYTES" for name in os.environ):
        return DEFAULT_MAX_UPLOAD_BYTES  # (pydantic-settings reads names in any case)
    from luoshi.settings import get_settings

    return get_settings().max_upload_bytes


def _error(message: str) -> None:
    typer.secho("error: ", fg="red", err=True, nl=False)
    typer.echo(message, err=True)


def _kernel_calendar() -> WorkingDays:
    """The kernel's working-day calendar (Chinese holidays and make-up days), imported only
    when a text has a working-day deadline to resolve."""
    from luoshi.kernel.calendar import WorkingCalendar

    return WorkingCalendar()


def cache_dir() -> Path:
    """Where the command line keeps what it builds once: ``$LUOSHI_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/luoshi``, else ``~/.cache/luoshi``."""
    if os.environ.get("LUOSHI_CACHE_DIR"):
        return Path(os.environ["LUOSHI_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "luoshi"


def _suggester() -> Suggester | None:
    """The suggester over the sample units, when both are installed.

    Building it tokenizes every unit's function statement (jieba for the Chinese ones: its
    dictionary alone takes a second to load), so the built suggester is kept in
    :func:`cache_dir`, keyed by the units file and the suggester's own code and data; any
    change to either builds it afresh. A cache that cannot be read or written is skipped.
    """
    try:
        from luoshi.extract import suggest
    except ImportError:
        return None
    units_file = resources.files("luoshi.data").joinpath(UNITS_RESOURCE)
    if not units_file.is_file():
        return None
    units_text = units_file.read_text(encoding="utf-8")
    key = hashlib.sha256(units_text.encode("utf-8"))
    for part in suggest.build_inputs():
        key.update(part)
    path = cache_dir() / f"suggester-{key.hexdigest()[:32]}.pickle"
    try:
        # Our own file, written below by this user with mode 0600.
        cached = pickle.loads(path.read_bytes())
        if isinstance(cached, suggest.UnitSuggester):
            return cached
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError,
            TypeError, ValueError):
        pass
    built = suggest.build_suggester(suggest.load_units_yaml(units_text))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps(built, protocol=pickle.HIGHEST_PROTOCOL))
        partial.chmod(0o600)
        partial.replace(path)
    except OSError:
        pass
    return built
