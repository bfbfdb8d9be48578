"""The unit register, built from the vietnamadminunits package, checked against ../shared/geo."""

from datetime import date

import pandas as pd
import pytest

from core.text import name_key
from core.units import load_register, load_resolver


def test_counts_and_validity():
    reg = load_register()
    p63 = reg[(reg.level == "province") & (reg.vintage == "63")]
    p34 = reg[(reg.level == "province") & (reg.vintage == "34")]
    d = reg[reg.level == "district"]
    assert len(p63) == 63 and len(p34) == 34
    assert (p63.valid_to == date(2025, 6, 30)).all()
    # Hà Nội took in Hà Tây and parts of Vĩnh Phúc and Hòa Bình on 01/08/2008; the other 60 provinces
    # keep their borders of 01/01/2004
    changed = p63.valid_from == date(2008, 8, 1)
    assert set(p63[changed].code) == {"01", "17", "26"} and (p63[~changed].valid_from == date(2004, 1, 1)).all()
    assert (p34.valid_from == date(2025, 7, 1)).all() and p34.valid_to.isna().all()
    # the 705 units of 01/05/2024 plus the two carved out later (224, 475)
    assert len(d) == 707
    assert set(d.parent_code) == set(p63.code)
    assert (reg.code.str.fullmatch(r"\d{2}|\d{3}|\d{5}")).all()  # provinces, districts, communes
    assert set(p63.successor_code) == set(p34.code)


def test_communes_of_2024_hang_under_their_districts():
    reg = load_register()
    c = reg[(reg.level == "commune") & (reg.vintage == "2024")]
    d = reg[reg.level == "district"].set_index("code")
    assert len(c) == 10035 and c.code.is_unique and c.code.str.fullmatch(r"\d{5}").all()
    assert (c.valid_to == date(2025, 6, 30)).all()
    assert set(c.parent_code) <= set(d.index)
    assert (c.province_2025_code.values == d.loc[c.parent_code, "province_2025_code"].values).all()
    assert set(c.type_vi) == {"Xã", "Phường", "Thị trấn"}
    phuc_xa = c[c.code == "00001"].iloc[0]
    assert (phuc_xa.name_vi, phuc_xa.parent_code) == ("Phúc Xá", "001")
    assert load_resolver().resolve("phuong Phuc Xa").code == "00001"
    # "Điện Biên" is a province, a district and two wards: a bare name means the province,
    # the prefix picks the level
    assert (c.name_vi == "Điện Biên").sum() == 2
    assert load_resolver().resolve("Điện Biên").code == "11"
    assert "ambiguous" in load_resolver().resolve("Phường Điện Biên").reason


def test_communes_since_2025_hang_under_the_new_provinces():
    reg = load_register()
    c = reg[(reg.level == "commune") & (reg.vintage == "2025")]
    p34 = reg[(reg.level == "province") & (reg.vintage == "34")]
    assert len(c) == 3321 and c.code.is_unique and c.code.str.fullmatch(r"\d{5}").all()
    assert (c.valid_from == date(2025, 7, 1)).all() and c.valid_to.isna().all()
    assert set(c.parent_code) == set(p34.code) and (c.parent_code == c.province_2025_code).all()
    # GSO kept one merged commune's code for most new communes: the same code names two versions,
    # and a name resolves to the version valid on the figure's date
    old = reg[(reg.level == "commune") & (reg.vintage == "2024")]
    assert len(set(c.code) & set(old.code)) > 3000
    ba_dinh = c[(c.name_vi == "Ba Đình") & (c.parent_code == "01")].iloc[0]
    assert load_resolver().resolve("Phường Ba Đình, Hà Nội", on=date(2025, 9, 1)).code == ba_dinh.code


def test_codes_keep_leading_zeros():
    reg = load_register()
    assert "01" in set(reg.code) and "001" in set(reg.code)


def test_register_matches_province_crosswalk(shared_dir):
    cross = pd.read_csv(shared_dir / "geo" / "province_crosswalk_2025.csv", dtype=str)
    reg = load_register()
    old = reg[(reg.level == "province") & (reg.vintage == "63")].set_index("code")
    new = reg[(reg.level == "province") & (reg.vintage == "34")].set_index("code")
    assert set(cross.old_province_code) == set(old.index)
    for r in cross.itertuples():
        assert old.at[r.old_province_code, "successor_code"] == r.new_province_code, r.old_name_vi
        names = [old.at[r.old_province_code, "name_vi"], *old.at[r.old_province_code, "alt_names"].split("|")]
        assert name_key(r.old_name_vi) in {name_key(n) for n in names if n}  # "Hoà Bình" = "Hòa Bình"
        assert name_key(new.at[r.new_province_code, "name_vi"]) == name_key(r.new_name_vi)


def test_register_matches_district_crosswalk(shared_dir):
    cross = pd.read_csv(shared_dir / "geo" / "district_crosswalk_2024_2025.csv", dtype=str)
    reg = load_register()
    d = reg[reg.level == "district"].set_index("code")
    assert set(cross.district_code_2024) <= set(d.index)
    assert set(d.index) - set(cross.district_code_2024) == {"224", "475"}
    for r in cross.itertuples():
        unit = d.loc[r.district_code_2024]
        assert unit.parent_code == r.province_code
        assert unit.province_2025_code == r.province_code_2025
        if r.change_to_2025_03.startswith("merged into"):
            assert unit.successor_code == r.district_code_2025_03
            assert unit.valid_to < date(2025, 3, 1)
        else:
            assert unit.valid_to == date(2025, 6, 30)


@pytest.mark.parametrize("text, on, code", [
    ("Dien Bien", None, "11"),
    ("tỉnh Điện Biên", None, "11"),
    ("Huyện Điện Biên", None, "100"),
    ("TP. Hồ Chí Minh", None, "79"),
    ("Thừa Thiên - Huế", date(2020, 1, 1), "46"),
    ("Kon Tum", None, "62"),
    ("Đồng Tháp", date(2020, 1, 1), "87"),
    ("Đồng Tháp", date(2026, 1, 1), "82"),
    ("Thanh Chương", None, "428"),
    ("Châu Thành, Tiền Giang", None, "821"),
])
def test_names_resolve_with_or_without_diacritics_and_prefixes(text, on, code):
    assert load_resolver().resolve(text, on=on).code == code


def test_ambiguous_and_unknown_names_explain_themselves():
    res = load_resolver().resolve("Châu Thành")
    assert res.code is None and "ambiguous" in res.reason and len(res.suggestions) > 3
    res = load_resolver().resolve("Dien Bienn")
    assert res.code is None and any("Điện Biên" in s for s in res.suggestions)


def test_the_whole_country_is_a_unit_for_national_sources():
    reg = load_register()
    country = reg[reg.level == "country"]
    assert country.code.tolist() == ["00"] and country.valid_from.isna().all() and country.valid_to.isna().all()
    resolver = load_resolver()
    assert resolver.resolve("Việt Nam").code == resolver.resolve("toan quoc").code == "00"
    assert resolver.resolve("Điện Biên").code == "11"  # provinces unaffected
