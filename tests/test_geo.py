"""Boundaries: the three layers, joining by code and by name, readers, caching, view fitting."""

from __future__ import annotations

import os
import shutil
from datetime import date

import pytest

from core import geo
from core.text import fold
from tests.conftest import needs_geo

pytestmark = needs_geo


@pytest.mark.parametrize(("vintage", "count"), [("63", 63), ("34", 34), ("2024", 705)])
def test_layers_join_by_code(vintage, count):
    layer = geo.load_layer(vintage)
    assert len(layer.features) == count and layer.report.ok and layer.report.by == "code"
    assert layer.features["code"].is_unique and layer.features["name_vi"].notna().all()
    if vintage == "2024":  # carved out after 01/05/2024: in the register, no polygon
        assert {u.split()[0] for u in layer.report.units_without_shape} == {"224", "475"}


def test_join_by_name_without_codes_reports_what_did_not_match():
    gdf = geo.read_boundaries(geo.layer_path("63"))
    gdf = gdf.drop(columns=["code"]).assign(ten=[fold(n) for n in gdf["name_vi"]])  # no diacritics
    gdf.loc[5, "ten"] = "Tinh Khong Co"
    joined, report = geo.join_register(gdf, "63", code_column=None, name_column="ten")
    assert report.by == "name" and report.matched == 62
    assert report.unmatched_features == ["Tinh Khong Co"] and len(report.units_without_shape) == 1
    assert not report.ok and "Tinh Khong Co" in report.summary()


def test_district_names_need_their_province():
    gdf = geo.read_boundaries(geo.layer_path("2024")).drop(columns=["code"])
    _, alone = geo.join_register(gdf, "2024", code_column=None, name_column="name_vi")
    assert "Châu Thành" in alone.ambiguous_features  # many provinces have one
    _, with_parent = geo.join_register(gdf, "2024", code_column=None, name_column="name_vi",
                                       parent_column="province_name_vi")
    assert len(with_parent.ambiguous_features) < len(alone.ambiguous_features)
    assert "Châu Thành" not in with_parent.ambiguous_features


@pytest.mark.parametrize("suffix", [".parquet", ".shp"])
def test_geoparquet_and_shapefile(tmp_path, monkeypatch, suffix):
    gdf = geo.read_boundaries(geo.layer_path("34"))[["code", "name_vi", "geometry"]]
    folder = tmp_path / "geo"
    folder.mkdir()
    target = folder / f"provinces_2025{suffix}"
    if suffix == ".parquet":
        gdf.to_parquet(target)
    else:
        gdf.to_file(target)
    monkeypatch.setenv("ANTQ_REFDATA_DIR", str(tmp_path))
    layer = geo.load_layer("34")
    assert layer.path == target and len(layer.features) == 34 and layer.report.ok


def test_missing_file_says_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.setenv("ANTQ_REFDATA_DIR", str(tmp_path))
    assert geo.available() == {"63": False, "2024": False, "34": False}
    with pytest.raises(geo.BoundaryError, match="etl setup"):
        geo.load_shapes("63")


def test_layer_valid_for_the_period():
    assert geo.vintage_for(date(2025, 6, 30)) == "63" and geo.vintage_for(date(2025, 7, 1)) == "34"
    assert geo.vintage_for(date(2020, 1, 1), "district") == "2024"
    assert geo.vintage_for(date(2025, 7, 1), "district") is None
    assert geo.vintage_for_year(2024) == "63" and geo.vintage_for_year(2025) == "34"


def test_shapes_cached_per_file_version(tmp_path, monkeypatch):
    (tmp_path / "geo").mkdir()
    shutil.copy(geo.layer_path("63"), tmp_path / "geo" / "provinces_2008_2025.geojson")
    monkeypatch.setenv("ANTQ_REFDATA_DIR", str(tmp_path))
    first = geo.load_shapes("63")
    assert geo.load_shapes("63") is first  # not re-read, not re-simplified
    path = tmp_path / "geo" / "provinces_2008_2025.geojson"
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert geo.load_shapes("63") is not first  # a replaced file is read again


def test_islands_kept_and_framed():
    shapes = geo.load_shapes("63")
    minx, miny, maxx, maxy = shapes.bounds
    assert maxx > 116.5 and miny < 7.5  # Trường Sa reaches 116.95°E, 6.95°N
    assert set(shapes.archipelagos) == {"map_hoang_sa", "map_truong_sa"}
    danang = next(f for f in shapes.geojson["features"] if f["id"] == "48")
    assert danang["geometry"]["type"] == "MultiPolygon"
    assert any(ring[0][0][0] > 111 for ring in danang["geometry"]["coordinates"])  # Hoàng Sa islands kept
    view = geo.fit_view(shapes.bounds, 700, 800)
    for lon, lat in ((minx, miny), (maxx, maxy), (minx, maxy), (maxx, miny)):
        x, y = view.to_pixels(lon, lat)
        assert 0 <= x <= 700 and 0 <= y <= 800


def test_province_scope_sends_only_its_districts():
    country = geo.load_shapes("2024")
    nghe_an = geo.load_shapes("2024", "40")
    assert len(country) == 705 and nghe_an.outline is None
    assert len(nghe_an) == len(country.units[country.units.parent_code == "40"]) == 21
    assert set(nghe_an.codes) <= set(country.codes)
    with pytest.raises(geo.BoundaryError):
        geo.load_shapes("2024", "99")
