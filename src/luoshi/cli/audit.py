"""``luoshi audit``: verify the audit chain, prune past the retention."""

from __future__ import annotations

import typer

from luoshi import clock
from luoshi.cli.context import (
    DB_OPTION_HELP,
    cli_actor,
    console,
    database,
    err_console,
    settings_for,
    unit_of_work,
)
from luoshi.kernel import audit, audit_chain

audit_app = typer.Typer(help="The audit trail.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def verify_command(
    tenant: str | None = typer.Option(None, "--tenant", help="Only this tenant's chain."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Check every row of the audit chain; exit 1 naming the first bad row."""
    with database(db) as engine, unit_of_work(engine) as session:
        found = audit_chain.verify(session, tenant_id=tenant)
    if not found.ok:
        first = found.problems[0]
        err_console.print(f"[red]audit chain broken[/red] at {first}")
        for problem in found.problems[1:]:
            err_console.print(f"  also: {problem}")
        raise typer.Exit(1)
    console.print(f"audit chain intact: {found.rows} rows")
    for name, (seq, head) in sorted(found.heads.items()):
        # Kept outside the database, the head finds a chain recomputed from end to end.
        console.print(f"  tenant {name}: head seq {seq} hash {head}")


@audit_app.command("prune")
def prune_command(
    dry_run: bool = typer.Option(False, "--dry-run", help="Count only; delete nothing."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Delete audit rows older than LUOSHI_AUDIT_RETENTION_DAYS; the chain still verifies."""
    settings = settings_for(db)
    with database(db) as engine, unit_of_work(engine) as session:
        pruned = audit_chain.prune(
            session,
            tenant_id=settings.tenant,
            retention_days=settings.audit_retention_days,
            now=clock.now(),
            dry_run=dry_run,
        )
        if not dry_run:
            audit.record(
                session,
                actor=cli_actor(settings),
                action=audit_chain.PRUNE_ACTION,
                object_type="audit",
                object_id=None,
                new={
                    "deleted": pruned.deleted,
                    "cutoff": pruned.cutoff,
                    "retention_days": settings.audit_retention_days,
                    "anchor_seq": pruned.anchor_seq,
                    "anchor_prev_hash": pruned.anchor_prev_hash,
                },
            )
    verb = "would delete" if dry_run else "deleted"
    console.print(
        f"{verb} {pruned.deleted} audit rows before {pruned.cutoff.isoformat()}; "
        f"the chain now starts at seq {pruned.anchor_seq}"
    )
