"""What reading a report yields: a candidate row per figure found (value, qualifier, indicator,
unit, period, evidence and where it stands), the numbers set aside with the reason, and the
Reading that holds both with the document's paragraphs and date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from core.reader.document import Paragraph


@dataclass
class Candidate:
    value: float
    qualifier: str
    indicator_code: str
    phrase: str
    unit_code: str
    unit_source: str          # text | context | default | none
    breakdown: str
    period_start: str         # ISO date or ''
    period_end: str
    period_kind: str
    evidence: str
    locator: str
    paragraph: int
    span_start: int           # character span of the evidence in its paragraph
    span_end: int
    total: float | None       # denominator of "845/879"
    confidence: float
    note: str = ""


@dataclass
class Rejected:
    locator: str
    text: str
    span_start: int
    span_end: int
    reason: str


@dataclass
class Reading:
    candidates: list[Candidate]
    rejected: list[Rejected]
    paragraphs: list[Paragraph]
    document_date: date | None
    document_date_at: str
    province: str | None
    warnings: list[str] = field(default_factory=list)
