"""Read figures out of Vietnamese report texts, as candidates for a person to review.

    from core.reader import read_text
    reading = read_text(text, province="40")
    for c in reading.candidates: c.value, c.qualifier, c.indicator_code, c.unit_code, ...

Rules in plain Python (numbers, qualifiers, periods, page furniture) plus keyword rules in
data/reader_rules.yaml (which catalogue indicator a noun phrase counts) and the unit register
(which province or district a text names). No model, nothing downloaded.
"""

from core.reader.candidates import Candidate, Reading, Rejected
from core.reader.document import ReadError, read_document, split_paragraphs
from core.reader.reader import read_file, read_text

__all__ = ["Candidate", "ReadError", "Reading", "Rejected", "read_document", "read_file", "read_text",
           "split_paragraphs"]
