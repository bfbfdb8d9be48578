"""The map page (AppTest): each level draws the right number of areas, areas without figures
fall in the no-data class, coverage views render, a missing boundary folder is explained."""

from __future__ import annotations

import base64
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core import serving
from tests.conftest import needs_geo, needs_reference

pytestmark = needs_geo


def trace(at):
    """The first trace of the drawn map, with plotly's binary arrays decoded to lists and its shapes
    read from the URL it names (core.serving answers it)."""
    charts = at.get("plotly_chart")
    assert charts, "no map drawn"
    tr = json.loads(charts[0].proto.spec)["data"][0]
    assert isinstance(tr["geojson"], str), "the figure carries its shapes instead of naming them"
    tr["geojson"] = json.loads(serving.GEOJSON.get(tr["geojson"]))
    if isinstance(tr["z"], dict):
        tr["z"] = np.frombuffer(base64.b64decode(tr["z"]["bdata"]), dtype=tr["z"]["dtype"]).tolist()
    return tr


@pytest.fixture
def page(warehouse, monkeypatch):
    """The map page in the sample data mode: every district has figures, so every level draws."""
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_file("../pages/map.py", default_timeout=90)
    at.query_params["sample"] = "1"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_real_mode_opens_on_real_figures_and_says_what_it_lacks(warehouse, monkeypatch):
    """Without a link, the indicator with real figures for the most provinces, on its busiest year;
    model coverage (no real register of models) says so and offers the sample mode."""
    from tests.conftest import db_frame

    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_file("../pages/map.py", default_timeout=90)
    at.run()
    assert not at.exception
    shown = at.selectbox(key="w_map_indicator__vi").value
    counts = db_frame(warehouse, """SELECT indicator_code, count(DISTINCT province_code) AS n FROM observations
                                    WHERE NOT is_sample AND province_code IS NOT NULL GROUP BY 1""")
    assert counts.set_index("indicator_code").n[shown] == counts.n.max()
    tr = trace(at)
    drawn = {row[5] for row, z in zip(tr["customdata"], tr["z"], strict=True) if z > 0}
    real = set(db_frame(warehouse, "SELECT DISTINCT province_code FROM observations WHERE NOT is_sample AND "
                                   "indicator_code = ?", [shown]).province_code)
    assert drawn and drawn <= real  # only provinces with a real figure are coloured
    assert not any("MẪU" in str(row[4]).upper() for row in tr["customdata"])
    at.radio(key="map_source__vi").set_value("coverage").run()
    assert not at.exception and not at.get("plotly_chart")
    assert any("Chưa có số liệu thật" in i.value for i in at.info)
    at.button(key="open_sample").click().run()  # the offered sample mode draws the coverage map
    assert not at.exception and at.get("plotly_chart") and at.query_params["sample"] in ("1", ["1"])


def test_levels_and_no_data_class(page):
    at = page
    first = trace(at)
    assert len(first["locations"]) == 63 and len(first["geojson"]["features"]) == 63
    expected = {"districts": 705, "province_districts": 21, "provinces34": 34}  # Nghệ An has 21 districts
    for level, n in expected.items():
        at.selectbox(key="map_level__vi").set_value(level).run()
        assert not at.exception, [e.value for e in at.exception]
        tr = trace(at)
        assert len(tr["locations"]) == n and len(tr["geojson"]["features"]) == n
        if level == "districts":  # districts without a figure (Hoàng Sa is not enumerated): the grey class
            assert 0 in tr["z"] and tr["colorbar"]["ticktext"][0] == "chưa có số liệu"
            assert all((z == 0) == (row[1] == "chưa có số liệu") for z, row in zip(tr["z"], tr["customdata"],
                                                                                  strict=True))
    # a province's districts: only its shapes are sent
    at.selectbox(key="map_level__vi").set_value("province_districts").run()
    at.selectbox(key="w_map_province__vi").set_value("62").run()
    tr = trace(at)
    assert len(tr["locations"]) == 10 and all(c.startswith("6") for c in tr["locations"])


def test_no_data_areas_for_a_sparse_indicator(warehouse, monkeypatch):
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    at = AppTest.from_file("../pages/map.py", default_timeout=90)  # real figures: a few provinces only
    at.run()
    at.selectbox(key="w_map_indicator__vi").set_value("model_types").run()
    tr = trace(at)
    no_data = [row[5] for row, z in zip(tr["customdata"], tr["z"], strict=True) if z == 0]
    assert no_data and all(row[1] == "chưa có số liệu" for row in tr["customdata"] if row[5] in no_data)
    assert len(no_data) < 63


@needs_reference
def test_coverage_views(page):
    """With the census the sample data mode has model coverage for every province: each measure
    draws its map (a missing chart fails), as do the change and side-by-side views."""
    at = page
    at.radio(key="map_source__vi").set_value("coverage").run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(trace(at)["locations"]) == 63  # no chart: trace() fails
    measure = at.selectbox(key="map_measure__vi")
    title = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    assert measure.options[measure.index] in title  # the coverage map, not the indicator map left over
    for measure in ("coverage_pct", "models_per_10k", "households_in_groups_pct", "model_types"):
        at.selectbox(key="map_measure__vi").set_value(measure).run()
        assert not at.exception and len(trace(at)["locations"]) == 63
    at.session_state["map_display_open"] = True  # the box of display options
    at.run()
    at.radio(key="map_mode__vi").set_value("change").run()
    assert not at.exception and "→" in json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["title"]["text"]
    at.radio(key="map_mode__vi").set_value("pair").run()
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert [d.get("geo", "geo") for d in spec["data"] if d["type"] == "choropleth"] == ["geo", "geo2"]
    assert "geo2" in spec["layout"]


def test_missing_boundaries_are_explained(warehouse, monkeypatch, tmp_path):
    monkeypatch.setenv("ANTQ_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("ANTQ_REFDATA_DIR", str(tmp_path))
    at = AppTest.from_file("../pages/map.py", default_timeout=60)
    at.run()
    assert not at.exception and not at.get("plotly_chart")
    assert "python -m etl setup" in at.info[0].value


def test_display_options_wait_in_a_closed_box_that_keeps_them(page):
    """How the map is drawn (mode, classes, labels) sits in a closed box; its widgets are drawn once it
    is opened, it stays open while they change, and what was chosen there holds after it closes."""
    at = page
    assert not [r for r in at.radio if r.key == "map_mode__vi"] and not at.slider and not at.checkbox
    classes = len(trace(at)["colorbar"]["ticktext"])
    at.session_state["map_display_open"] = True
    at.run()
    at.slider(key="map_k").set_value(3).run()
    at.selectbox(key="map_method__vi").set_value("equal").run()
    at.checkbox(key="map_labels_on").uncheck().run()
    assert not at.exception and len(trace(at)["colorbar"]["ticktext"]) == classes - 2
    assert at.slider(key="map_k").value == 3  # still open after its own widgets changed
    labelled = [d for d in json.loads(at.get("plotly_chart")[0].proto.spec)["data"] if d.get("mode") == "text"]
    at.session_state["map_display_open"] = False
    at.run()
    at.run()  # a second run without the box's widgets: Streamlit would have forgotten their values
    assert not at.exception and not at.slider
    assert len(trace(at)["colorbar"]["ticktext"]) == classes - 2
    again = [d for d in json.loads(at.get("plotly_chart")[0].proto.spec)["data"] if d.get("mode") == "text"]
    assert again == labelled
    at.session_state["map_display_open"] = True
    at.run()
    assert at.slider(key="map_k").value == 3 and at.selectbox(key="map_method__vi").value == "equal"
    assert at.checkbox(key="map_labels_on").value is False
