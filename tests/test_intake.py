"""The intake package: core never imports etl, and every way in reads the one input schema."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pandas as pd

from core import config
from core.intake import reviewed, schema, uploads
from core.intake.check import BuildFailed, check_build
from core.reader.output import candidate_columns

HEADER = "unit_code,indicator_code,period_start,period_end,period_kind,value,qualifier,source_id,breakdown\n"
ROW = "40,mediations,2024-01-01,2024-12-31,total,1250,{qualifier},rep002_nghean,\n"


def _imports(path: Path) -> list[str]:
    """Every module ``path`` imports, at the top or inside a function."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
            names += [f"{node.module}.{a.name}" for a in node.names]
    return names


def test_core_never_imports_etl():
    files = sorted((config.ROOT / "core").rglob("*.py"))
    assert len(files) > 20 and config.ROOT / "core" / "intake" / "check.py" in files
    found = {str(p.relative_to(config.ROOT)): m for p in files for m in _imports(p)
             if m == "etl" or m.startswith("etl.")}
    assert found == {}, f"core imports etl (etl may import core, never the reverse): {found}"


def test_the_import_walk_sees_imports_inside_functions(tmp_path):
    probe = tmp_path / "probe.py"
    probe.write_text("def f():\n    from etl.build import run\n    import etl\n", encoding="utf-8")
    assert _imports(probe) == ["etl.build", "etl.build.run", "etl"]


def _folder(tmp_path: Path, qualifier: str, breakdown: bool = True) -> Path:
    """A folder with one figure in a CSV file, with or without the column breakdown."""
    folder = tmp_path / f"in_{qualifier}_{breakdown}"
    folder.mkdir()
    header, row = HEADER, ROW.format(qualifier=qualifier)
    if not breakdown:
        header, row = header.replace(",breakdown", ""), row.replace(",\n", "\n")
    (folder / "figures.csv").write_text(header + row, encoding="utf-8")
    return folder


def _check_problems(folder: Path) -> str:
    try:
        check_build([folder], include_default_inputs=False)
    except BuildFailed as exc:
        return exc.message()
    return ""


def _review_problems(qualifier: str, breakdown: str = "") -> list[str]:
    rows = pd.DataFrame([{"unit_code": "40", "indicator_code": "mediations", "period_start": "2024-01-01",
                          "period_end": "2024-12-31", "period_kind": "total", "value": 1250.0,
                          "qualifier": qualifier, "breakdown": breakdown, "evidence": "1.250 vụ", "locator": "p1"}])
    return reviewed.prepare(rows, "review_test")[1]


def _upload(qualifier: str) -> pd.DataFrame:
    return pd.DataFrame({"unit_code": ["40"], "indicator_code": ["mediations"], "period_start": ["2024-01-01"],
                         "period_end": ["2024-12-31"], "period_kind": ["total"], "value": ["1250"],
                         "qualifier": [qualifier], "source_id": ["rep002_nghean"]},
                        index=pd.Index([1], name="row"))


def test_every_way_in_reads_the_one_schema(tmp_path, monkeypatch):
    """The build's file checks and rules, the check build behind uploads and reviews, the review's own
    checks, the reader's candidates and the upload template all follow a change of core.intake.schema."""
    about = _folder(tmp_path, "about")
    no_breakdown = _folder(tmp_path, "exact", breakdown=False)
    # as declared: 'about' is a qualifier and a breakdown is optional
    assert _check_problems(about) == "" and _check_problems(no_breakdown) == ""
    assert _review_problems("about") == []
    assert "remark" not in candidate_columns() and "remark" not in schema.SCHEMA.template

    spec = schema.SCHEMA
    monkeypatch.setattr(schema, "SCHEMA", replace(spec, qualifiers=("exact", "at_least")))
    assert "figures.csv, row 1, column 'qualifier': unknown qualifier 'about' (exact or at_least)" in (
        _check_problems(about))
    assert "na.xlsx, row 1, column 'qualifier': unknown qualifier 'about' (exact or at_least)" in "\n".join(
        uploads.validate_upload("na.xlsx", _upload("about"), dest=tmp_path / "uploads"))
    assert _review_problems("about") == ["row 1, column 'qualifier': 'about' is not one of exact, at_least"]

    monkeypatch.setattr(schema, "SCHEMA", replace(spec, columns=(
        *(replace(c, required=True) if c.name == "breakdown" else c for c in spec.columns),
        schema.Column("remark", doc="Ghi chú của người nhập", example="x"))))
    assert "figures.csv, column 'breakdown': required column is missing" in _check_problems(no_breakdown)
    assert _review_problems("exact") == ["row 1, column 'breakdown': empty; fill it or reject the row"]
    assert "remark" in candidate_columns() and "remark" in schema.SCHEMA.template
    assert "remark" in reviewed.prepare(pd.DataFrame([{"value": 1.0}]), "review_test")[0].columns


def test_review_and_etl_declare_no_qualifier_or_column_list_of_their_own():
    """The values and column names are written in the schema only (the SQL rules get them as parameters)."""
    for path in [*(config.ROOT / "core" / "intake").glob("*.py"), config.ROOT / "core" / "reader" / "output.py",
                 config.ROOT / "core" / "reader" / "decisions.py", *(config.ROOT / "etl").glob("*.py"),
                 *(config.ROOT / "core" / "sql" / "intake" / "rules").glob("*.sql")]:
        if path.name == "schema.py":
            continue
        text = path.read_text(encoding="utf-8")
        for literal in ("'at_least', 'about'", '"at_least", "about"', "'per_year', 'stock'", '"per_year", "stock"',
                        '"indicator_code", "period_end", "period_kind"'):
            assert literal not in text, f"{path.relative_to(config.ROOT)} declares {literal} again"


def test_a_remembered_check_is_keyed_by_the_files_bytes(tmp_path, monkeypatch):
    """A file that passed the bounds check is not read again; the same path with other bytes is."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    import pytest

    from core.intake import bounds

    monkeypatch.setenv("ANTQ_BUILD_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "in.parquet"
    pq.write_table(pa.table({"unit_code": ["11"]}), path)
    bounds.check_parquet(path, "in.parquet")
    assert len(list((tmp_path / "cache" / "parquet_bounds").iterdir())) == 1
    pq.write_table(pa.table({"unit_code": ["x" * (bounds.CELL_MAX_BYTES + 1)]}), path)
    with pytest.raises(bounds.FileRefused):
        bounds.check_parquet(path, "in.parquet")


def test_the_register_kept_between_runs_is_the_one_built(tmp_path, monkeypatch):
    from core import units

    monkeypatch.setenv("ANTQ_BUILD_CACHE_DIR", str(tmp_path / "cache"))
    units.load_register.cache_clear()
    try:
        first = units.load_register()  # built and stored
        units.load_register.cache_clear()
        kept = units.load_register()  # read back
    finally:
        units.load_register.cache_clear()
    assert list((tmp_path / "cache" / "register").iterdir())
    pd.testing.assert_frame_equal(kept, first)
    assert [type(d) for d in kept.valid_from] == [type(d) for d in first.valid_from]
