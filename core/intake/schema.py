"""The input format of figures, declared once: the columns a file of figures may hold (their types in
the warehouse, which are required, what the upload template says of them), and the values allowed
for the qualifier and the period kind.

Every way in reads this one object, at the time it checks (never a copy taken at import): the
build's file checks and rules (core.intake.staging, core.intake.check), uploads and their template
(core.intake.uploads), reviewed figures and the reader's candidates (core.intake.reviewed,
core.reader.output).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "VARCHAR"       # its type in the warehouse (DATE, DOUBLE, BOOLEAN or VARCHAR)
    required: bool = False      # every row gives it (the unit: a code or a name, see InputSchema.unit_columns)
    doc: str = ""               # what the upload template says of it (Vietnamese); "" = not in the template
    example: str = ""           # the template's example value
    reviewed: bool = True       # reviewed figures (and the reader's candidates) carry it


@dataclass(frozen=True)
class InputSchema:
    columns: tuple[Column, ...]
    unit_columns: tuple[str, str]       # the unit: its code, or its name resolved on the period's date
    qualifiers: tuple[str, ...]         # exact; at_least ("hơn", "trên"); about ("gần", "khoảng")
    period_kinds: tuple[str, ...]       # a flow over the period, a yearly rate, a level at period_end
    row_column: str = "_row"            # a converted file's own row numbers, for the messages

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> tuple[str, ...]:
        """Every column a file of figures may hold."""
        return tuple(c.name for c in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        """Columns every file must hold, besides one of the unit columns."""
        return tuple(c.name for c in self.columns if c.required)

    @property
    def text_columns(self) -> tuple[str, ...]:
        """Columns read as text (codes keep their leading zeros)."""
        return tuple(c.name for c in self.columns if c.type == "VARCHAR")

    @property
    def types(self) -> dict[str, str]:
        """Warehouse types of the columns that are not text."""
        return {c.name: c.type for c in self.columns if c.type != "VARCHAR"}

    @property
    def given_columns(self) -> tuple[str, ...]:
        """Columns whose empty cell the rules tell from an unreadable one (numbers and dates)."""
        return tuple(c.name for c in self.columns if c.type in ("DOUBLE", "DATE"))

    @property
    def reviewed_columns(self) -> list[str]:
        """The columns of reviewed figures and of the reader's candidates, in this order."""
        return [c.name for c in self.columns if c.reviewed]

    @property
    def reviewed_required(self) -> tuple[str, ...]:
        """What a reviewer must fill on each row: the unit's code (a reviewed row names no unit by its
        name) and the required columns but the source, which the review itself gives."""
        return (self.unit_columns[0], *(c for c in self.required if c != "source_id"))

    @property
    def template(self) -> dict[str, tuple[str, str]]:
        """The upload template's columns: name -> (explanation, example)."""
        return {c.name: (c.doc, c.example) for c in self.columns if c.doc}


SCHEMA = InputSchema(
    columns=(
        Column("unit_code", doc="Mã đơn vị (GSO, dạng chữ: '40', '428')", example="40"),
        Column("unit_name", doc="Tên đơn vị, nếu không có mã (có hoặc không dấu)", example="Nghệ An",
               reviewed=False),
        Column("indicator_code", required=True, doc="Mã chỉ tiêu (sheet 'chi_tieu')", example="mediations"),
        Column("period_start", "DATE", doc="Ngày đầu kỳ YYYY-MM-DD (để trống nếu không rõ)", example="2024-01-01"),
        Column("period_end", "DATE", required=True, doc="Ngày cuối kỳ YYYY-MM-DD", example="2024-12-31"),
        Column("period_kind", required=True, doc="total | per_year | stock", example="total"),
        Column("value", "DOUBLE", required=True, doc="Số liệu (dấu chấm thập phân, không phân cách hàng nghìn)",
               example="1250"),
        Column("qualifier", required=True, doc="exact | at_least (hơn, trên) | about (gần, khoảng)",
               example="exact"),
        Column("breakdown", doc="Phân tổ (nếu chỉ tiêu có, ví dụ cấp khen thưởng)", example=""),
        Column("source_id", required=True, doc="Mã nguồn (sheet 'nguon' hoặc nguồn mới)", example="upload"),
        Column("evidence", doc="Cụm số như trong văn bản", example="hòa giải 1.250 vụ"),
        Column("locator", doc="Vị trí trong văn bản (đoạn)", example="p3"),
        Column("is_sample", "BOOLEAN", reviewed=False),
        Column("note", reviewed=False),
    ),
    unit_columns=("unit_code", "unit_name"),
    qualifiers=("exact", "at_least", "about"),
    period_kinds=("total", "per_year", "stock"),
)
