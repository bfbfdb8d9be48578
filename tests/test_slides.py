"""Conference decks (core.slides): a deck for Kon Tum, Điện Biên and Nghệ An read back with
python-pptx, captions from the data, the data workbook, the command line, and the deck rendered
by LibreOffice (pages not blank, set in the bundled font)."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from urllib.parse import parse_qs, urlparse

import numpy as np
import openpyxl
import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pptx.util import Emu

from core import config, fmt, fonts, slides
from core.auth import User
from core.catalogue import load_catalogue
from core.charts import ChartSpec
from core.i18n import t
from tests.browser import ARTIFACTS
from tests.conftest import NO_GEO, db_frame

TRIO = ["62", "11", "40"]
NAMES = ["Kon Tum", "Điện Biên", "Nghệ An"]
ADMIN = User.command_line()


@pytest.fixture(scope="module")
def items(warehouse):
    """A sample data deck (every main indicator has sample figures for the three provinces): bars for
    every main indicator, one line view and one small-multiples view."""
    bars = slides.compare_items(TRIO, path=warehouse, sample=True, user=ADMIN)
    lines = slides.compare_items(TRIO, ["campaign_launches"], chart="lines", path=warehouse, sample=True, user=ADMIN)
    multiples = slides.compare_items(TRIO, ["campaign_launches", "models_new", "citizen_tips"], chart="multiples",
                                     path=warehouse, sample=True, user=ADMIN)
    return bars + lines + multiples


@pytest.fixture(scope="module")
def deck(items):
    data = slides.build_deck(items, "Hội nghị sơ kết phong trào", "19/05/2023", "Công an tỉnh Nghệ An", user=ADMIN)
    return Presentation(io.BytesIO(data)), data


def texts(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_deck_is_16_9_with_title_slide_and_one_slide_per_view(deck, items):
    prs, _ = deck
    assert prs.slide_width * 9 == prs.slide_height * 16 or abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.001
    first = texts(prs.slides[0])
    assert "Hội nghị sơ kết phong trào" in first and "19/05/2023" in first and "Công an tỉnh Nghệ An" in first
    assert t("deck_has_sample", "vi") in first  # a deck of the sample data mode
    assert len(prs.slides) == 1 + len(items)  # three panels: one slide for the multiples


def test_titles_keep_vietnamese_diacritics(deck, warehouse):
    from core import defaults

    prs, _ = deck
    cat = load_catalogue()
    titles = [texts(s).split("\n")[0] for s in list(prs.slides)[1:]]
    shown = defaults.deck_indicators(tuple(TRIO), "63", warehouse, sample=True, user=ADMIN)
    assert {c for c in shown if cat[c].main} == {i.code for i in cat.main if i.additive}  # main ones with figures
    for code in shown:
        assert cat[code].name_vi in titles, code
    assert any(x == "Đợt phát động phong trào" for x in titles)


def yearly_figures(warehouse) -> pd.DataFrame:
    """Computed here in plain SQL on the warehouse: each sample figure of the three provinces for a
    calendar year (a total: per year, the figure itself), the province's own figure first, else the
    sum of its districts; indexed by (indicator, province name, year)."""
    df = db_frame(warehouse, """
        WITH figs AS (SELECT indicator_code, province_code, unit_level, year(period_end) AS year, sum(value) AS value,
                             max(qualifier) AS qualifier
            FROM observations WHERE is_sample AND counted AND breakdown = '' AND list_contains(?, province_code)
              AND period_kind = 'total' AND month(period_start) = 1 AND day(period_start) = 1
              AND month(period_end) = 12 AND day(period_end) = 31 AND year(period_start) = year(period_end)
            GROUP BY ALL)
        SELECT f.indicator_code, u.name_vi AS province, f.year, f.value, f.qualifier FROM figs f
        JOIN units u ON u.code = f.province_code AND u.level = 'province' AND u.vintage = '63'
        QUALIFY row_number() OVER (PARTITION BY f.indicator_code, f.province_code, f.year
                                   ORDER BY f.unit_level = 'province' DESC) = 1""", [TRIO])
    assert set(df.qualifier) == {"exact"}  # the sample data: every district reported exactly
    return df.set_index(["indicator_code", "province", "year"]).sort_index()


def test_native_charts_hold_the_warehouse_figures(deck, warehouse):
    """The numbers in the deck's native charts are the warehouse's (plain SQL here): a bar per
    province with its latest yearly figure, printed as the product prints numbers; a line per
    province through the years; the small multiples likewise."""
    prs, _ = deck
    cat = load_catalogue()
    by_name = {i.name_vi: i.code for i in cat.indicators.values()}
    expected = yearly_figures(warehouse)
    charts = [(n, s.chart) for n, slide in enumerate(prs.slides) for s in slide.shapes if s.has_chart]
    assert charts, "no native PowerPoint chart"
    bars = lines = 0
    for n, chart in charts:
        plot = chart.plots[0]
        if "COLUMN" in str(chart.chart_type):
            (series,) = plot.series
            code = by_name[series.name]
            assert list(plot.categories) == [p for p in NAMES if (code, p) in expected.index]
            for province, value, point in zip(plot.categories, series.values, series.points, strict=True):
                latest = expected.loc[(code, province)].iloc[-1]
                assert value == pytest.approx(latest.value), (n, code, province)
                assert point.data_label.text_frame.text == fmt.value(latest.value, cat[code].kind, "exact", "vi")
            bars += 1
        else:
            assert "LINE" in str(chart.chart_type)
            code = by_name[texts(prs.slides[n]).split("\n")[0]]
            years = [int(y) for y in plot.categories]
            for series in plot.series:
                want = expected.loc[(code, series.name)].value
                assert years == list(want.index) and list(series.values) == pytest.approx(list(want)), series.name
            lines += 1
    additive_totals = {i.code for i in cat.main if i.additive} & set(expected.index.get_level_values(0))
    assert bars >= len(additive_totals) + 3 and lines == 1  # one bar chart per indicator, three panels
    multiples = [c for n, c in charts if n == len(prs.slides) - 1]
    assert len(multiples) == 3  # one native chart per panel


def test_notes_hold_the_link_that_reopens_the_view(deck, items):
    prs, _ = deck
    for slide, item in zip(list(prs.slides)[1:], items, strict=True):
        notes = slide.notes_slide.notes_text_frame.text
        link = item.spec.link
        assert link and link in notes
        query = parse_qs(urlparse(link).query)
        assert query["provinces"] == [",".join(TRIO)] and query["indicators"][0].split(",")[0] in load_catalogue().codes


def test_footer_has_source_period_and_sample_mark(deck, items):
    prs, _ = deck
    for slide, item in zip(list(prs.slides)[1:], items, strict=True):
        body = texts(slide)
        if item.spec.source:
            assert item.spec.source[:40] in body
        if item.spec.period:
            assert item.spec.period in body
        assert (t("sample_mark", "vi") in body) == item.spec.is_sample


def spec_of(values: dict[str, tuple[float | None, str]], kind: str = "column", unit: str = "đợt/năm",
            notes: list[str] | None = None) -> ChartSpec:
    shown = {k: v for k, v in values.items() if v[0] is not None}
    data = pd.DataFrame({"category": list(shown), "series": "Đợt phát động", "value": [v[0] for v in shown.values()],
                         "label": [v[1] for v in shown.values()], "is_sample": False})
    return ChartSpec(kind=kind, title="Đợt phát động", unit=unit, period="2024", source="S", data=data,
                     notes=notes or [], link="http://x/compare?provinces=62%2C11%2C40")


def test_caption_names_highest_lowest_and_missing_with_qualifiers():
    spec = spec_of({"Kon Tum": (2053.0, "> 2.053"), "Nghệ An": (7000.0, "≈ 7.000")})
    text = slides.caption(spec)
    assert text.startswith("Nghệ An: ≈ 7.000 đợt/năm, cao nhất")
    assert "Kon Tum: > 2.053 đợt/năm, thấp nhất" in text
    assert "Điện Biên: chưa có số liệu" in text  # named from the link, never a zero


def test_caption_shown_apart_one_unit_and_percent():
    apart = spec_of({"Kon Tum": (404.0, "404"), "Điện Biên": (327.0, "327")},
                    notes=["Nghệ An (đến 31/12/2024) hiển thị riêng: tổng đến 31/12/2024"])
    assert "Nghệ An: khác kỳ, xem ghi chú" in slides.caption(apart)
    one = spec_of({"Nghệ An": (96.5, "96,5%")}, unit="%")
    text = slides.caption(one)
    assert text.startswith("Nghệ An: 96,5%, chỉ tỉnh này") and "Kon Tum: chưa có số liệu" in text
    dated = spec_of({"Kon Tum": (2862.0, "2.862 (2018)"), "Nghệ An": (20494.0, "20.494 (2024)")}, unit="đợt")
    assert "Nghệ An: 20.494 đợt (2024), cao nhất" in slides.caption(dated)


def test_items_survive_json(items):
    for item in items[:3] + items[-2:]:
        back = slides.item_from_dict(json.loads(json.dumps(slides.item_to_dict(item))))
        assert back.spec.title == item.spec.title and back.spec.link == item.spec.link
        pd.testing.assert_series_equal(back.spec.data["value"].reset_index(drop=True),
                                       item.spec.data["value"].reset_index(drop=True).astype(float),
                                       check_names=False)
        assert slides.caption(back.spec, back.expected) == slides.caption(item.spec, item.expected)


def test_workbook_has_data_slides_and_sources(items, warehouse):
    from core import warehouse as wh

    hostile = slides.DeckItem(spec_of({"Kon Tum": (1.0, "1")}), sample=True)
    hostile.spec.title = "=HYPERLINK(\"http://evil\")"
    book = openpyxl.load_workbook(io.BytesIO(slides.build_workbook(
        items + [hostile], "vi", wh.query("pages/sources", path=warehouse))))
    assert book.sheetnames == [t("sheet_data", "vi"), t("sheet_slides", "vi"), t("sheet_sources", "vi")]
    data = list(book[t("sheet_data", "vi")].values)
    assert len(data) - 1 == sum(len(i.spec.data) for i in items) + 1
    assert not any(str(r[1]).startswith("=") for r in data[1:])  # escaped by core.excel
    sources = list(book[t("sheet_sources", "vi")].values)
    assert len(sources) > 1 and any(r[1] for r in sources[1:])  # publisher found in the warehouse
    slides_sheet = list(book[t("sheet_slides", "vi")].values)
    assert any("compare?" in str(c) for c in slides_sheet[1])


def run_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    import os

    return subprocess.run([sys.executable, "-m", "core.slides", *args], cwd=config.ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


def test_cli_writes_deck_and_workbook(warehouse, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    out = tmp_path / "hoi_nghi.pptx"
    code = slides.main(["--provinces", "62,11,40", "--indicators", "campaign_launches,households_in_groups_pct",
                        "--title", "Sơ kết 10 năm", "--date", "19/05/2023", "--out", str(out)])
    assert code == 0
    prs = Presentation(str(out))
    assert len(prs.slides) == 3 and "Sơ kết 10 năm" in texts(prs.slides[0])
    assert out.with_suffix(".xlsx").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hoi_nghi.pptx", "hoi_nghi.xlsx"]  # no temp files left
    assert "hoi_nghi.pptx" in capsys.readouterr().out


def test_cli_compares_per_year_so_real_yearly_figures_are_on_the_chart(warehouse, tmp_path, monkeypatch):
    """Kon Tum reports '> 2.053 đợt' a year (2019–2024): by default the deck puts it on the chart
    next to the others' yearly figures, not in a footnote."""
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    out = tmp_path / "d.pptx"
    assert slides.main(["--provinces", "62,11,40", "--indicators", "campaign_launches", "--out", str(out),
                        "--no-excel"]) == 0
    chart = next(sh.chart for sh in Presentation(str(out)).slides[1].shapes if sh.has_chart)
    points = dict(zip(chart.plots[0].categories, chart.plots[0].series[0].values, strict=False))
    assert points["Kon Tum"] == 2053


def test_cli_sample_flag_makes_a_deck_of_sample_data_only(warehouse, tmp_path, monkeypatch):
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    decks = {}
    for flag in ([], ["--sample"]):
        out = tmp_path / f"d{len(flag)}.pptx"
        assert slides.main(["--provinces", "62,11,40", "--indicators", "campaign_launches", "--out", str(out),
                            "--no-excel", *flag]) == 0
        decks[bool(flag)] = Presentation(str(out))
    for sample, prs in decks.items():
        body = "\n".join(texts(s) for s in prs.slides)
        assert (t("deck_has_sample", "vi") in body) == sample and (t("sample_mark", "vi") in body) == sample
        assert ("sample=1" in prs.slides[1].notes_slide.notes_text_frame.text) == sample


@pytest.mark.parametrize("args, needle", [
    (["--provinces", "62,99"], "99"),
    (["--provinces", "62,11", "--indicators", "campaign_launches,nope"], "nope"),
    (["--provinces", "62,11", "--date", "31/02/2024"], "--date"),
])
def test_cli_refuses_bad_values_with_one_line(warehouse, tmp_path, monkeypatch, capsys, args, needle):
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    out = tmp_path / "d.pptx"
    assert slides.main([*args, "--out", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert needle in err and "\n" not in err and "Traceback" not in err
    assert not out.exists()


def test_cli_missing_warehouse_and_unwritable_out(warehouse, tmp_path):
    gone = run_cli("--provinces", "62,11", "--out", str(tmp_path / "d.pptx"),
                   env={"ANTQ_WAREHOUSE": str(tmp_path / "none.duckdb")})
    assert gone.returncode == 2 and "etl build" in gone.stderr and "Traceback" not in gone.stderr
    nowhere = run_cli("--provinces", "62,11", "--out", str(tmp_path / "no" / "such" / "d.pptx"),
                      env={"ANTQ_WAREHOUSE": str(warehouse)})
    assert nowhere.returncode == 2 and "cannot write" in nowhere.stderr and "Traceback" not in nowhere.stderr
    assert len(nowhere.stderr.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def map_item():
    from etl import refdata

    if not refdata.available("geo"):
        pytest.skip(NO_GEO)
    recipe = {"source": "indicator", "code": "campaign_launches", "year": 2024, "level": "provinces", "lang": "vi",
              "link": "http://localhost:8501/map?indicators=campaign_launches&sample=1", "sample": True}
    from core import images

    _, spec = images.make_map(recipe, user=ADMIN)
    assert spec.is_sample
    return slides.DeckItem(spec, recipe, sample=True)


def test_map_slide_is_a_picture_with_caption(map_item):
    data = slides.build_deck([map_item], "Bản đồ", "19/05/2023", user=ADMIN)
    prs = Presentation(io.BytesIO(data))
    slide = prs.slides[1]
    pictures = [s for s in slide.shapes if s.shape_type == 13]
    assert len(pictures) == 1 and pictures[0].image.content_type == "image/png"
    assert Emu(pictures[0].width) > Emu(pictures[0].height)
    body = texts(slide)
    best = map_item.spec.data.dropna(subset=["value"]).sort_values("value").iloc[-1]
    assert f"{best.category}: {best.label}" in body and t("caption_highest", "vi") in body
    assert map_item.spec.link in slide.notes_slide.notes_text_frame.text


def test_libreoffice_renders_every_slide(items, map_item, tmp_path):
    """The deck rendered by LibreOffice (the way a projector PC without PowerPoint shows it):
    one page per slide, none blank, text set in the bundled font. Pages kept in tests/artifacts."""
    if not shutil.which("soffice") or not shutil.which("pdftoppm"):
        pytest.skip("LibreOffice/poppler not installed (.ci/run installs them)")
    chosen = items[:2] + [i for i in items if i.spec.data.dropna(subset=["value"]).empty][:1] + items[-2:]
    deck = tmp_path / "deck.pptx"
    deck.write_bytes(slides.build_deck(chosen + [map_item], "Hội nghị sơ kết phong trào Toàn dân bảo vệ "
                                       "an ninh Tổ quốc năm 2024", "19/05/2023", "Công an tỉnh Kon Tum",
                                       user=ADMIN))
    env = fonts.env()
    env["HOME"] = str(tmp_path)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(deck)], env=env, check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "deck.pdf"
    used = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert "BeVietnamPro" in used
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(tmp_path / "page")], check=True, timeout=120)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 1 + len(chosen) + 1
    ARTIFACTS.mkdir(exist_ok=True)
    for page in pages:
        pix = np.asarray(Image.open(page).convert("L"), dtype=float)
        assert pix.std() > 12, f"{page.name} looks blank"
        assert (pix < 128).mean() > 0.005, f"{page.name} has almost no ink"
        shutil.copy(page, ARTIFACTS / f"deck_{page.name}")
