"""dashboard scale indexes: the homes' and charts' counts over a province's tasks and reports

Revision ID: 0025
Revises: 0023
Create Date: 2026-12-07 18:00:00

Chosen from the dashboards' queries at province scale (20,000 tasks, 541,000 reports;
docs/scale.md, "Rollups for the dashboards"):

- the office's week (reports filed and reviewed in the last seven days) counted every
  report of the tenant: now a range of ``(tenant_id, submitted_at)`` / ``(tenant_id,
  reviewed_at)``;
- its queue of reports awaiting review (status ``submitted``, oldest first, 20 shown)
  sorted every submitted report, and its count read each report's row: now read in order,
  and counted, from ``(tenant_id, status, submitted_at, task_id)``;
- lights by lead unit, the leaders' league and the burden's reports asked of lead units
  (GROUP BY lead unit and light or cycle over the published tasks) read every task row:
  now a covering index ``(tenant_id, status, lead_unit_id, light, report_cycle)``;
- lights by work line: covering ``(tenant_id, status, work_line, light)``;
- the first quarter's tasks and the overdue ones (a range of due dates): covering
  ``(tenant_id, due_date, status, light)``;
- the burden's and the duplicate asks' search for titles and directives asked by more than
  one open task, then for the tasks of those: ``(tenant_id, status, title)`` and
  ``(tenant_id, status, directive_id)`` (none repeated: nothing more is read);
- the office's week (tasks whose light turned, by day) and the trend chart (light changes
  by day and light): covering ``(tenant_id, day, light, previous, task_id)``.
"""

from __future__ import annotations

from alembic import op

revision = "0025"
down_revision = "0023"
branch_labels = None
depends_on = None

INDEXES = {
    "ix_report_submitted": ("report", ["tenant_id", "submitted_at"]),
    "ix_report_reviewed": ("report", ["tenant_id", "reviewed_at"]),
    "ix_report_review_queue": ("report", ["tenant_id", "status", "submitted_at", "task_id"]),
    "ix_task_lights_unit": (
        "task",
        ["tenant_id", "status", "lead_unit_id", "light", "report_cycle"],
    ),
    "ix_task_lights_work_line": ("task", ["tenant_id", "status", "work_line", "light"]),
    "ix_task_due": ("task", ["tenant_id", "due_date", "status", "light"]),
    "ix_task_open_title": ("task", ["tenant_id", "status", "title"]),
    "ix_task_open_directive": ("task", ["tenant_id", "status", "directive_id"]),
    "ix_light_change_day": ("light_change", ["tenant_id", "day", "light", "previous", "task_id"]),
}


def upgrade() -> None:
    for name, (table, columns) in INDEXES.items():
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, (table, _) in INDEXES.items():
        op.drop_index(name, table_name=table)
