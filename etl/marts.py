"""Tables derived in the build for the pages and maps (etl/sql/marts/*.sql, run in name order):
`coverage` (model coverage per unit and year) and `facts_yearly` (yearly figures per province and
district, with sums up the hierarchy). Runs with and without the sample."""

from __future__ import annotations

from pathlib import Path

from etl import models

MARTS = Path(__file__).resolve().parent / "sql" / "marts"


def build_marts(con) -> list[str]:
    """Create the model tables when absent, then every mart; returns the mart names."""
    models.create_tables(con)
    names = []
    for path in sorted(MARTS.glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
        names.append(path.stem)
    return names
