"""One way in for new data, used by the ETL command line (etl/) and the pages alike:

- bounds: files that come in are bounds-checked before any work, every value read or refused
  (Problem, FileRefused; re-exported here: ``from core import intake; intake.read_yaml(...)``);
- tables: CSV and Excel files read as text cells within those bounds (cell_text, read_csv,
  read_excel; re-exported here too);
- schema: the input format of figures, declared once (SCHEMA);
- staging: input files found, CSV/Excel converted to Parquet, file-level checks (InputFile, Change);
- sources: the source declarations (sources.yaml) read and checked;
- check: the ETL's rules on the staged inputs in DuckDB, and the check build (the rules on the
  inputs as a store would leave them, publishing nothing);
- store: storing submitted figures among the inputs (access, check build, history, atomic write);
- uploads: uploaded files (the import page) read, checked and stored;
- reviewed: figures a person accepted from a text (the review page, `python -m etl review`).

core never imports etl: etl/build.py builds the warehouse on what staging and check give.
"""

from core.intake.bounds import (
    CELL_MAX_BYTES,
    CSV_MAX_BYTES,
    DOC_MAX_BYTES,
    DOC_MAX_CHARS,
    DOC_MAX_PARAGRAPHS,
    DOC_MAX_XML,
    EXCEL_MAX_COLUMNS,
    EXCEL_MAX_ROWS,
    PARQUET_MAX_ROWS,
    PDF_MAX_PAGES,
    YAML_MAX_ALIASES,
    YAML_MAX_BYTES,
    YAML_MAX_DEPTH,
    YAML_MAX_NODES,
    FileRefused,
    Problem,
    check_docx,
    check_parquet,
    check_size,
    check_text,
    check_zip,
    memory_limit_bytes,
    parquet_text_limit,
    parse_yaml,
    read_yaml,
)
from core.intake.tables import Table, cell_text, read_csv, read_excel

__all__ = [
    "CELL_MAX_BYTES", "CSV_MAX_BYTES", "DOC_MAX_BYTES", "DOC_MAX_CHARS", "DOC_MAX_PARAGRAPHS", "DOC_MAX_XML",
    "EXCEL_MAX_COLUMNS", "EXCEL_MAX_ROWS", "PARQUET_MAX_ROWS", "PDF_MAX_PAGES", "YAML_MAX_ALIASES", "YAML_MAX_BYTES",
    "YAML_MAX_DEPTH", "YAML_MAX_NODES", "FileRefused", "Problem", "Table", "cell_text", "check_docx",
    "check_parquet", "check_size", "check_text", "check_zip", "memory_limit_bytes", "parquet_text_limit",
    "parse_yaml", "read_csv", "read_excel", "read_yaml",
]
