"""The first store: subjects, runs, alerts, decisions, and an append-only audit trail.

Revision ID: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_REFUSE = "the audit trail is append-only"


def upgrade() -> None:
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("input", sa.Text),
        sa.Column("input_sha256", sa.String(64)),
        sa.Column("threshold", sa.Float, nullable=False),
        sa.Column("tool_version", sa.String(32), nullable=False),
        sa.Column("lists", sa.Text, nullable=False),
        sa.Column("counts", sa.Text),
    )
    op.create_table(
        "subjects",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(512), nullable=False, unique=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("attributes", sa.Text, nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("first_run", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
        sa.Column("last_run", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
    )
    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("subject_id", sa.Integer, sa.ForeignKey("subjects.id"), nullable=False),
        sa.Column("entity_id", sa.String(256), nullable=False),
        sa.Column("entity_name", sa.Text, nullable=False),
        sa.Column("lists", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("score", sa.Float, nullable=False),
        sa.Column("explanation", sa.Text, nullable=False),
        sa.Column("entry_content", sa.Text, nullable=False),
        sa.Column("entry_fingerprint", sa.String(64), nullable=False),
        sa.Column("subject_fingerprint", sa.String(64), nullable=False),
        sa.Column("change", sa.Text),
        sa.Column("decision_id", sa.Integer),
        sa.Column("first_run", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
        sa.Column("last_run", sa.Integer, sa.ForeignKey("runs.id"), nullable=False),
        sa.UniqueConstraint("subject_id", "entity_id", name="uq_alert_pair"),
    )
    op.create_index("ix_alerts_status", "alerts", ["status"])
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id"), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("by", sa.String(256), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("entry_fingerprint", sa.String(64), nullable=False),
        sa.Column("subject_fingerprint", sa.String(64), nullable=False),
        sa.Column("entry_content", sa.Text, nullable=False),
        sa.Column("subject_attributes", sa.Text, nullable=False),
    )
    op.create_index("ix_decisions_alert", "decisions", ["alert_id"])
    op.create_table(
        "audit",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
    )
    op.execute(sa.text("INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, :zero)")
               .bindparams(zero="0" * 64))
    _refuse_changes_to_audit()


def _refuse_changes_to_audit() -> None:
    # Verification finds a changed record anyway; the trigger stops an honest mistake first.
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"""CREATE FUNCTION rightscreen_audit_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '{_REFUSE}'; END; $$ LANGUAGE plpgsql""")
        op.execute("""CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
            FOR EACH ROW EXECUTE FUNCTION rightscreen_audit_append_only()""")
        op.execute("""CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
            FOR EACH STATEMENT EXECUTE FUNCTION rightscreen_audit_append_only()""")
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(f"""CREATE TRIGGER audit_no_{action.lower()} BEFORE {action} ON audit
            BEGIN SELECT RAISE(ABORT, '{_REFUSE}'); END""")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_no_truncate ON audit")
        op.execute("DROP TRIGGER IF EXISTS audit_append_only ON audit")
        op.execute("DROP FUNCTION IF EXISTS rightscreen_audit_append_only()")
    for table in ("audit_head", "audit", "decisions", "alerts", "subjects", "runs"):
        op.drop_table(table)
