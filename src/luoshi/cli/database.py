"""``luoshi init``, ``luoshi db upgrade`` and the PostgreSQL application role."""

from __future__ import annotations

import typer
from psycopg import sql
from sqlalchemy import Engine, inspect, text

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
from luoshi.domains.progress import partitions
from luoshi.kernel import audit_chain
from luoshi.migrations import runner

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command("init")(init_command)
    app.add_typer(db_app, name="db")


def _upgrade(engine: Engine, db: str | None, revision: str = "head") -> None:
    runner.upgrade(engine, revision)
    if not inspect(engine).has_table("audit_chain"):  # below revision 0006: no chain yet
        return
    with unit_of_work(engine) as session:
        # Audit rows written before the chain existed join it once, right after migrating.
        chained = audit_chain.chain_legacy(
            session, algorithm=settings_for(db).audit_hash, at=clock.now()
        )
    if chained:
        console.print(f"{chained} earlier audit rows chained")
    _partitions(engine, db, quiet=True)


def _partitions(
    engine: Engine, db: str | None, ahead: int = partitions.MONTHS_AHEAD, *, quiet: bool = False
) -> None:
    settings = settings_for(db)
    with unit_of_work(engine) as session:
        done = partitions.maintain(
            session, actor=cli_actor(settings), on=clock.today(), ahead=ahead
        )
    if not done.partitioned:
        if not quiet:
            console.print("reports are not partitioned here (SQLite, or before revision 0025)")
        return
    made = ", ".join(done.created) or "none"
    console.print(f"report partitions made: {made}; rows moved from the default: {done.moved}")


def init_command(db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP)) -> None:
    """Create the database (or bring it up to date) with every table."""
    with database(db) as engine:
        _upgrade(engine, db)
        console.print(f"database ready at revision {runner.current(engine)}")
        with engine.connect() as conn:
            people = conn.execute(text("SELECT count(*) FROM user_account")).scalar_one()
    if not people:
        # No default account exists: the first administrator is made, with a password
        # asked for at the prompt, by the next command.
        console.print(
            "no accounts yet: create the first administrator with "
            "`luoshi users create-admin USERNAME --unit CODE`"
        )


@db_app.command("upgrade")
def upgrade_command(
    revision: str = typer.Argument("head", help="Target revision."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Apply migrations up to REVISION."""
    with database(db) as engine:
        _upgrade(engine, db, revision)
        console.print(f"database at revision {runner.current(engine)}")


@db_app.command("partitions")
def partitions_command(
    ahead: int = typer.Option(
        partitions.MONTHS_AHEAD, "--ahead", min=0, max=24, help="Months to make ahead."
    ),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """Make the reports' monthly partitions ahead (PostgreSQL) and move the rows of the
    default partition into their months; the daily jobs run it too."""
    with database(db) as engine:
        _partitions(engine, db, ahead)


@db_app.command("current")
def current_command(db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP)) -> None:
    """Print the database's revision."""
    with database(db) as engine:
        console.print(runner.current(engine) or "empty")


# What the application role may do to the audit tables: add and read rows, never change or
# remove them (the chain's head row is updated on every write; its rows are never deleted).
AUDIT_GRANTS = {"audit_event": "SELECT, INSERT", "audit_chain": "SELECT, INSERT, UPDATE"}


def app_role_sql(role: str, database_name: str, password: str | None) -> list[sql.Composed]:
    """The statements that make ``role`` the application's login: every business table,
    but the audit trail insert-and-read only. Run by the tables' owner, again after each
    migration (new tables are granted then)."""
    who = sql.Identifier(role)
    create = sql.SQL("CREATE ROLE {} LOGIN").format(who)
    if password:
        create = sql.SQL("CREATE ROLE {} LOGIN PASSWORD {}").format(who, sql.Literal(password))
    statements = [
        sql.SQL(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {}) THEN {}; "
            "END IF; END $$"
        ).format(sql.Literal(role), create),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(sql.Identifier(database_name), who),
        sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(who),
        sql.SQL("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {}").format(
            who
        ),
        sql.SQL("GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {}").format(who),
        sql.SQL("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {}").format(who),
    ]
    for name, allowed in AUDIT_GRANTS.items():
        statements.append(sql.SQL("REVOKE ALL ON {} FROM {}").format(sql.Identifier(name), who))
        statements.append(
            sql.SQL("GRANT " + allowed + " ON {} TO {}").format(sql.Identifier(name), who)
        )
    return statements


@db_app.command("grant-app-role")
def grant_app_role_command(
    role: str = typer.Argument(..., help="The login the application connects as."),
    password: str | None = typer.Option(
        None, "--password", help="Its password (omit where the server authenticates otherwise)."
    ),
    print_sql: bool = typer.Option(False, "--print-sql", help="Print the SQL; run nothing."),
    db: str | None = typer.Option(None, "--db", help=DB_OPTION_HELP),
) -> None:
    """PostgreSQL: create ROLE for the app; it may only insert into and read the audit trail."""
    with database(db) as engine:
        if engine.dialect.name != "postgresql":
            err_console.print("[red]error:[/red] application roles are for PostgreSQL")
            raise typer.Exit(1)
        with engine.begin() as conn:
            raw = conn.connection.driver_connection
            name = str(engine.url.database)
            statements = [s.as_string(raw) for s in app_role_sql(role, name, password)]
            if print_sql:
                for statement in statements:
                    console.print(statement + ";", markup=False, highlight=False, soft_wrap=True)
                return
            for statement in statements:
                conn.exec_driver_sql(statement)
    console.print(
        f"role {role} may read and write business tables; the audit trail only insert and read"
    )
