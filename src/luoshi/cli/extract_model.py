"""``luoshi extract-train`` (build the directive model shipped in the package) and
``luoshi extract-cv`` (leave-one-document-out cross-validation on a real annotated set).

Both are build-time commands: they need scikit-learn (``pip install -e '.[train]'``);
``luoshi extract`` never imports them.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path

import typer

# The project's own annotated texts, relative to the repository root.
OWN_DIRS = (Path("corpus/seed"), Path("corpus/dev"), Path("corpus/heldout"))
MODEL_OUTPUT = Path("src/luoshi/extract/data/directive_model.json")


class ReportFormat(StrEnum):
    text = "text"
    json = "json"


def _own(own: list[Path] | None) -> list[Path]:
    dirs = own or list(OWN_DIRS)
    missing = [str(d) for d in dirs if not d.is_dir()]
    if missing:
        typer.echo(
            f"error: no such directory: {', '.join(missing)} (run from the repository "
            "root, or name the own texts with --own)",
            err=True,
        )
        raise typer.Exit(1)
    return dirs


def _require_sklearn() -> None:
    try:
        import sklearn  # noqa: F401
    except ImportError:
        typer.echo("error: training needs scikit-learn: pip install -e '.[train]'", err=True)
        raise typer.Exit(1) from None


def train_command(
    real: Path | None = typer.Option(
        None,
        "--real",
        exists=True,
        file_okay=False,
        help="A real annotated set to train on too; the combination with the rules is then "
        "chosen by leave-one-document-out cross-validation on it.",
    ),
    own: list[Path] | None = typer.Option(
        None,
        "--own",
        help="The project's own annotated texts (default: corpus/seed, "
        "corpus/dev, corpus/heldout).",
    ),
    output: Path = typer.Option(MODEL_OUTPUT, "-o", "--output", help="Where to write it."),
    combine: str | None = typer.Option(
        None,
        "--combine",
        help="rules, model, veto, confident or learned (default: the best "
        "under cross-validation; rules without --real).",
    ),
) -> None:
    """Train the directive classifier and write the model file shipped in the package."""
    _require_sklearn()
    from luoshi.extract.classifier import MODES
    from luoshi.extract.training import dump, load_documents, train

    if combine is not None and combine not in MODES:
        typer.echo(f"error: --combine must be one of {', '.join(MODES)}", err=True)
        raise typer.Exit(1)
    own_docs = [doc for d in _own(own) for doc in load_documents(d)]
    real_docs = load_documents(real) if real is not None else []
    data = train(
        own_docs,
        real_docs,
        combine=combine,
        progress=lambda name: typer.echo(f"  held out {name}", err=True),
    )
    output.write_text(dump(data), encoding="utf-8")
    typer.echo(
        f"wrote {output}: {len(data['weights'])} weights from "
        f"{data['clauses']['total']} clauses of {len(data['trained_on'])} documents; "
        f"combination: {data['combine']['mode']}",
        err=True,
    )


def cv_command(
    gold_dir: Path = typer.Argument(
        ...,
        exists=True,
        file_okay=False,
        help="The real annotated set (NAME.gold.json + NAME.txt), one fold per document.",
    ),
    own: list[Path] | None = typer.Option(
        None,
        "--own",
        help="The project's own annotated texts, in every fold's training "
        "(default: corpus/seed, corpus/dev, corpus/heldout).",
    ),
    format: ReportFormat = typer.Option(ReportFormat.text, "--format", help="Report format."),
) -> None:
    """Leave-one-document-out cross-validation of rules, model and their combinations."""
    _require_sklearn()
    from luoshi.extract.training import cross_validate, format_cross_validation, load_documents

    real_docs = load_documents(gold_dir)
    if not real_docs:
        typer.echo(f"error: no *.gold.json under {gold_dir}", err=True)
        raise typer.Exit(1)
    own_docs = [doc for d in _own(own) for doc in load_documents(d)]
    result = cross_validate(real_docs, own_docs)
    if format is ReportFormat.json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        typer.echo(format_cross_validation(result))
