"""Analysts' proposed decisions, for reviewers to take or leave.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("alert_id", sa.Integer, sa.ForeignKey("alerts.id"), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("by", sa.String(256), nullable=False),
        sa.Column("at", sa.String(32), nullable=False),
    )
    op.create_index("ix_proposals_alert_id", "proposals", ["alert_id"])


def downgrade() -> None:
    op.drop_index("ix_proposals_alert_id", "proposals")
    op.drop_table("proposals")
