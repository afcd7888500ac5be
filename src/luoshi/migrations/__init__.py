"""Alembic migrations. Revision files import nothing from the app (STYLE.md habit 9)."""
