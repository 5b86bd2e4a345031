"""The names each list entry had at the last monitoring run: monitoring then looks for
subjects that a new name could concern, not every subject sharing a word with the entry.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("entries") as batch:
        batch.add_column(sa.Column("names", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("entries") as batch:
        batch.drop_column("names")
