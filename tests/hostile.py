"""Small hostile input files (shared by the tests and bench/bench_hostile.py): each is a few KB on
disk and asks for gigabytes or minutes from a reader that trusts it."""

from __future__ import annotations

import io
import zipfile

import pyarrow as pa
import pyarrow.parquet as pq

HEADER = ["unit_code", "indicator_code", "period_start", "period_end", "period_kind", "value", "qualifier",
          "source_id"]
GOOD = ["40", "mediations", "2024-01-01", "2024-12-31", "total", 1250, "exact", "rep002_nghean"]


def billion_laughs_yaml(levels: int = 9, fanout: int = 10) -> str:
    """A sources.yaml whose aliases expand to fanout**levels strings ("billion laughs")."""
    lines = ['lol0: &lol0 "lol"']
    for n in range(1, levels + 1):
        refs = ", ".join([f"*lol{n - 1}"] * fanout)
        lines.append(f"lol{n}: &lol{n} [{refs}]")
    lines.append("sources:")
    lines.append(f"  - {{source_id: laughs, title: laughs, provinces: *lol{levels}}}")
    return "\n".join(lines) + "\n"


def _zip(parts: dict[str, bytes | str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def xlsx(rows: list[list], header: list | None = None) -> bytes:
    """A workbook of one sheet: the header (HEADER by default), then the rows."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(header or HEADER)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def xlsx_declared_dimension(ref: str = "A1:XFD1048576", far: str = "XFD99000") -> bytes:
    """A template workbook with one good row and one cell far away (``far``: in the last column, row
    99,000), whose sheet declares the dimension ``ref``: a reader that pads every row to the widest
    one builds 99,000 × 16,384 cells."""
    data = xlsx([GOOD])
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {}
    for info in src.infolist():
        body = src.read(info.filename)
        if info.filename == "xl/worksheets/sheet1.xml":
            text = body.decode("utf-8")
            start = text.index("<dimension ref=\"") + len("<dimension ref=\"")
            end = text.index("\"", start)
            text = text[:start] + ref + text[end:]
            row = "".join(ch for ch in far if ch.isdigit())
            cell = f'<row r="{row}"><c r="{far}" t="inlineStr"><is><t>40</t></is></c></row>'
            text = text.replace("</sheetData>", cell + "</sheetData>")
            body = text.encode("utf-8")
        parts[info.filename] = body
    return _zip(parts)


def xlsx_shared_string(rows: int = 20_000, columns: int = 64, length: int = 16_000) -> bytes:
    """A workbook whose every cell (rows × columns) uses one shared string of ``length`` characters:
    a few KB that expand to rows × columns × length characters once read."""
    data = xlsx([GOOD])
    src = zipfile.ZipFile(io.BytesIO(data))
    parts = {i.filename: src.read(i.filename) for i in src.infolist()}
    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(c) for c in range(1, columns + 1)]
    header = "".join(f'<c r="{x}1" t="inlineStr"><is><t>{h}</t></is></c>'
                     for x, h in zip(letters, HEADER + [f"c{i}" for i in range(columns - len(HEADER))], strict=True))
    body = "".join(f'<row r="{r}">' + "".join(f'<c r="{x}{r}" t="s"><v>0</v></c>' for x in letters) + "</row>"
                   for r in range(2, rows + 2))
    sheet = parts["xl/worksheets/sheet1.xml"].decode("utf-8")
    start, end = sheet.index("<sheetData>"), sheet.index("</sheetData>")
    sheet = sheet[:start] + f'<sheetData><row r="1">{header}</row>{body}' + sheet[end:]
    sheet = sheet.replace(sheet[sheet.index("<dimension"):sheet.index("/>", sheet.index("<dimension")) + 2],
                          f'<dimension ref="A1:{letters[-1]}{rows + 1}"/>')
    parts["xl/worksheets/sheet1.xml"] = sheet.encode("utf-8")
    parts["xl/sharedStrings.xml"] = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.'
                                     f'org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>{"x" * length}'
                                     "</t></si></sst>").encode()
    types = parts["[Content_Types].xml"].decode("utf-8")
    if "sharedStrings" not in types:
        types = types.replace("</Types>", '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
                              'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
        parts["[Content_Types].xml"] = types.encode("utf-8")
        rels = parts["xl/_rels/workbook.xml.rels"].decode("utf-8").replace(
            "</Relationships>", '<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
        parts["xl/_rels/workbook.xml.rels"] = rels.encode("utf-8")
    return _zip(parts)


def parquet_repeated_string(rows: int = 100_000, length: int = 100_000, column: str = "evidence") -> bytes:
    """A valid-looking input Parquet whose ``column`` holds one ``length``-character string in every
    row: dictionary-encoded and compressed, the file stays below a kilobyte."""
    one = dict(zip(HEADER, GOOD, strict=True))
    arrays, names = [], []
    indices = pa.array([0] * rows, type=pa.int32())
    for name, value in [*one.items(), (column, "x" * length)]:
        if name == column and name in one:
            continue
        if name == "value":
            arrays.append(pa.array([float(value)] * rows))
        else:
            arrays.append(pa.DictionaryArray.from_arrays(indices, pa.array([str(value)])))
        names.append(name)
    buf = io.BytesIO()
    pq.write_table(pa.Table.from_arrays(arrays, names=names), buf, compression="zstd", compression_level=19,
                   use_dictionary=True, write_statistics=False, store_schema=False)
    return buf.getvalue()


DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/>'
              '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
              'wordprocessingml.document.main+xml"/></Types>')
DOCX_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
             'officeDocument" Target="word/document.xml"/></Relationships>')
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx(paragraphs: list[str] | None = None, repeat: tuple[str, int] | None = None) -> bytes:
    """A minimal .docx of the given paragraphs, or of one paragraph repeated n times."""
    def para(text: str) -> str:
        return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"

    body = "".join(para(p) for p in paragraphs or [])
    if repeat:
        body += para(repeat[0]) * repeat[1]
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}">'
                f"<w:body>{body}</w:body></w:document>")
    return _zip({"[Content_Types].xml": DOCX_TYPES, "_rels/.rels": DOCX_RELS, "word/document.xml": document})


def docx_paragraphs(n: int = 1_000_000) -> bytes:
    """A .docx of ``n`` short paragraphs, each with a figure for the reader."""
    return docx(repeat=("Có 5 mô hình tự quản.", n))


# --- a worker that reads hostile files under resource limits (tests/test_hostile_properties.py) -------

def serve() -> None:
    """Read requests (JSON lines on stdin), answer each with a JSON line on stdout: a build of a
    folder of inputs ({"build": folder}) into a warehouse built at start, or an upload
    ({"upload": file}) through the upload page's reader and validation. Every answer carries the
    outcome ("built", "refused" or "crashed" with the traceback), the messages, the seconds taken,
    the process's peak memory so far, and whether the warehouse stayed byte-for-byte the same."""
    import hashlib
    import json
    import resource
    import sys
    import tempfile
    import time
    import traceback
    from pathlib import Path

    from core.auth import User
    from core.intake import uploads
    from etl import build
    from etl.errors import BuildFailed

    work = Path(tempfile.mkdtemp(prefix="antq-hostile-"))
    out = work / "warehouse.duckdb"
    build.run(inputs=[], out=out, with_sample=False, include_default_inputs=False)
    editor = User(mode="signed_in", role="admin", email="test@x.vn")
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        before = hashlib.sha256(out.read_bytes()).hexdigest()
        started = time.perf_counter()
        answer: dict = {"messages": []}
        try:
            if "build" in request:
                report = build.run(inputs=[Path(request["build"])], out=out, with_sample=False,
                                   include_default_inputs=False)
                answer.update(outcome="built", messages=report.notices)
            else:
                path = Path(request["upload"])
                df = uploads.read_upload(path.name, path.read_bytes())
                problems = uploads.check_upload(path.name, df, {"source_id": "upload_x", "title": "x"}, editor,
                                                dest=work / "uploads")
                answer.update(outcome="refused" if problems else "built", messages=problems)
        except BuildFailed as exc:
            answer.update(outcome="refused", messages=[str(e) for e in exc.errors])
        except uploads.UploadRefused as exc:
            answer.update(outcome="refused", messages=[str(r) for r in exc.problems])
        except BaseException:  # noqa: BLE001 (reported to the test, which fails on it)
            answer.update(outcome="crashed", messages=[traceback.format_exc()])
        answer["seconds"] = time.perf_counter() - started
        answer["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        answer["unchanged"] = hashlib.sha256(out.read_bytes()).hexdigest() == before
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    serve()
