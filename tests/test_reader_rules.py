"""General rules of the report reader (core/reader, data/reader_rules.yaml), each on short texts of
our own: the text's date, levels and flows, periods carried between paragraphs, numbers that are not
figures, indicators, places. The collected texts they were found on stay outside the repository;
their effect is measured by `python -m etl reader-quality --texts DIR` (bench/RESULTS.md)."""

from __future__ import annotations

from datetime import date

import pytest

from core.reader import read_text, split_paragraphs
from core.reader.periods import document_date


def _date(text: str):
    return document_date(split_paragraphs(text))[0]


# ----------------------------------------------------------------------------- the text's date
@pytest.mark.parametrize("text, expected", [
    # a site's banner clock first, the article's byline nearer the text: the byline dates it
    ("Trang tin điện tử\nThứ Hai, ngày 02 tháng 01 năm 2017, 08:00:01\nNgày hội ở xã miền núi\n"
     "Minh An - 09:15, 20/08/2021\nTỉnh Sơn La tổ chức ngày hội toàn dân bảo vệ an ninh Tổ quốc tại một "
     "xã vùng cao, thu hút đông đảo người dân tham gia.\n", date(2021, 8, 20)),
    # an update line with a bullet and a 12-hour clock
    ("Những con mắt canh giữ bản làng\n  • Cập nhật: Thứ ba, 14/09/2021 | 3:05:10 PM\n"
     "Đến nay, huyện đã lắp đặt nhiều camera an ninh ở các ngã ba, ngã tư và khu dân cư đông người.\n",
     date(2021, 9, 14)),
    # a date on its own line after the opening paragraph
    ("Tỉnh phát huy sức mạnh toàn dân bảo vệ an ninh\nNăm 2024, các cấp, các ngành trong tỉnh đã triển "
     "khai nhiều giải pháp xây dựng phong trào toàn dân bảo vệ an ninh Tổ quốc.\n12/02/2025\n"
     "Công tác tuyên truyền được đổi mới, thu hút đông đảo quần chúng tham gia.\n", date(2025, 2, 12)),
    # a byline at the end, before the list of other articles
    ("Huyện đầu tư cho camera an ninh\nHiện nay, việc lắp camera giám sát được các xã triển khai mạnh mẽ.\n"
     "Lan Anh – Quốc Bảo\n05/11/2022 10:10\nTin liên quan\nBài cũ hơn 01/01/2020 08:00\n", date(2022, 11, 5)),
])
def test_datelines_date_the_text(text, expected):
    assert _date(text) == expected


def test_year_end_review_held_in_january_is_dated_the_next_year():
    text = ("Sáng 12/1, Công an tỉnh tổ chức hội nghị tổng kết phong trào toàn dân bảo vệ an ninh Tổ quốc năm "
            "2023 và triển khai nhiệm vụ năm 2024 tại hội trường tỉnh.\n")
    assert _date(text) == date(2024, 1, 12)
    held_later = text.replace("Sáng 12/1", "Sáng 12/12").replace(" và triển khai nhiệm vụ năm 2024", "")
    assert _date(held_later) == date(2023, 12, 12)


def test_event_over_several_days_is_dated_by_its_last_day():
    text = ("Từ ngày 05/8/2022 đến ngày 09/8/2022, xã tổ chức ngày hội toàn dân bảo vệ an ninh Tổ quốc tại "
            "các thôn với sự tham gia của đông đảo nhân dân.\n")
    assert _date(text) == date(2022, 8, 9)


def test_event_year_ignores_terms_and_birth_years():
    text = ("Chiều 19-8, đại biểu Quốc hội khóa XV nhiệm kỳ 2021 - 2026 dự ngày hội toàn dân bảo vệ an ninh Tổ "
            "quốc năm 2022 cùng anh Tùng, sinh năm 1997, đội trưởng đội thanh niên xung kích.\n")
    assert _date(text) == date(2022, 8, 19)


def test_given_publication_date_replaces_the_read_one():
    text = "Thứ Hai, ngày 02 tháng 01 năm 2017\nNăm 2021, huyện tổ chức 40 buổi tuyên truyền phòng chống tội phạm.\n"
    r = read_text(text, province="14", published=date(2021, 8, 20))
    assert (r.document_date, r.document_date_at) == (date(2021, 8, 20), "given")
    (c,) = r.candidates
    assert (c.period_start, c.period_end) == ("2021-01-01", "2021-08-20")


# ----------------------------------------------------------------------------- numbers that are no figures
def _values(text: str, province: str = "35"):
    r = read_text(text, province=province)
    return {c.value: c for c in r.candidates}, r


def test_numbers_in_names_are_set_aside():
    got, r = _values("Ban Chỉ đạo 138 huyện Kim Bảng và BCĐ 138 xã Thi Sơn duy trì mô hình “3 không, 2 sạch”, "
                     "mô hình \"5 tự quản\" và 14 tổ tự quản về an ninh trật tự.")
    assert set(got) == {14}
    reasons = {x.text: x.reason for x in r.rejected}
    assert "name" in reasons["138"] and "quotes" in reasons["3"] and "quotes" in reasons["5"]


def test_a_long_quotation_keeps_its_figures():
    got, _ = _values("Đồng chí Giám đốc cho biết: “Trong năm qua, toàn tỉnh đã tổ chức 320 buổi tuyên truyền, "
                     "thu hút đông đảo quần chúng nhân dân tham gia các hoạt động của phong trào”.")
    assert got[320].indicator_code == "campaign_launches"


def test_count_out_of_a_total():
    got, r = _values("Đến hết năm 2022, toàn huyện Duy Tiên có 64 trong tổng số 70 thôn, tổ dân phố đạt danh hiệu an "
                     "toàn về an ninh trật tự.")
    assert (got[64].value, got[64].total) == (64, 70) and 70 not in got
    assert got[64].evidence.startswith("64 trong tổng số 70 thôn")


def test_tren_before_a_fraction_is_a_preposition():
    got, _ = _values("Năm 2022, huyện tổ chức ngày hội toàn dân bảo vệ an ninh Tổ quốc trên 12/12 xã, thị trấn.")
    assert (got[12].qualifier, got[12].total) == ("exact", 12)


def test_cung_cap_is_not_a_level():
    got, _ = _values("Năm 2021, quần chúng nhân dân tỉnh Hà Nam đã cung cấp 915 tin có giá trị cho lực lượng Công an.")
    assert got[915].indicator_code == "citizen_tips"


@pytest.mark.parametrize("sentence, value, reason", [
    ("Năm 2023, nhân dân đóng góp 45 triệu đồng để lắp camera cho thôn.", 45e6, "money"),
    ("Xã rộng hơn 52 km2, dân số trên 18 nghìn người, có 9 dân tộc cùng sinh sống.", 52, "area"),
    ("Xã rộng hơn 52 km2, dân số trên 18 nghìn người, có 9 dân tộc cùng sinh sống.", 18_000, "population"),
    ("Xã rộng hơn 52 km2, dân số trên 18 nghìn người, có 9 dân tộc cùng sinh sống.", 9, "population"),
    ("Năm 2023, nhân dân giao nộp 120 khẩu súng tự chế, 3.400 viên đạn và 15 quả lựu đạn.", 120, "weapons"),
    ("Năm 2023, nhân dân giao nộp 120 khẩu súng tự chế, 3.400 viên đạn và 15 quả lựu đạn.", 3400, "weapons"),
    ("Huyện kiện toàn 85 tổ tự quản với hơn 600 thành viên, mỗi tổ gồm 1 tổ trưởng và 1 tổ phó.", 600, "members"),
    ("Huyện kiện toàn 85 tổ tự quản với hơn 600 thành viên, mỗi tổ gồm 1 tổ trưởng và 1 tổ phó.", 1, "members"),
    ("Dịp này, UBND tỉnh tuyên dương 42 tập thể và cá nhân có thành tích xuất sắc.", 42, "collectives"),
    ("Năm 2023, lực lượng chức năng đã điều tra làm rõ 37 vụ việc, bắt giữ 12 đối tượng.", 37, "police"),
    ("Năm 2023, lực lượng chức năng đã điều tra làm rõ 37 vụ việc, bắt giữ 12 đối tượng.", 12, "police"),
    ("Năm 2023, huyện đăng tải 240 tin bài tuyên truyền trên trang thông tin điện tử.", 240, "articles"),
    ("Năm 2023, hội nghị nhận được 11 tham luận của các địa phương.", 11, "articles"),
    ("Năm 2023, công an xã trao 25 suất quà cho học sinh nghèo và bàn giao 2 nhà tình nghĩa.", 25, "gifts"),
    ("Năm 2023, hơn 900 hộ với 2.700 người ký cam kết không vi phạm pháp luật.", 900, "pledges"),
    ("Năm 2023, toàn tỉnh tổ chức 8.500 ca tuần tra bảo vệ an ninh thôn xóm.", 8500, "patrols"),
    ("Năm 2019, tai nạn giao thông xảy ra 58 vụ, làm chết 41 người, bị thương 17 người.", 58, "crimes"),
    ("Năm 2019, tai nạn giao thông xảy ra 58 vụ, làm chết 41 người, bị thương 17 người.", 41, "crimes"),
    ("Năm 2023, tỷ lệ khám phá án đạt 82,5%.", 82.5, "clearance"),
    ("Năm 2023, tội phạm về trật tự xã hội giảm 7,4% so với năm 2022.", 7.4, "change"),
    ("Năm 2023, tệ nạn xã hội xảy ra 510 vụ (giảm 96 vụ).", 96, "change"),
    ("Hiện nay, công an tỉnh đang triển khai thực hiện 87 mô hình dân vận khéo.", 87, "Dân vận"),
    ("Năm 2023, toàn tỉnh có 98/101 xã đạt chuẩn nông thôn mới.", 98, "new-countryside"),
    ("Năm 2023, phường tuyên truyền qua hệ thống loa truyền thanh trên 180 lượt buổi.", 180, "loudspeaker"),
    ("Năm 2023, công an tỉnh được tặng 12 huân chương Chiến công.", 12, "orders"),
    ("Năm 2023, hội tổ chức 6 lớp tập huấn phòng chống tội phạm cho hơn 900 lượt cán bộ hội viên.", 900, "training"),
    ("Tham dự ngày hội có lãnh đạo huyện và hơn 300 người dân trên địa bàn xã.", 300, "attendance"),
    ("Xã Láng Dài có hơn 6.000 nhân khẩu, chia làm 5 ấp và 38 tổ dân cư.", 5, "quarters"),
    ("Xã Láng Dài có hơn 6.000 nhân khẩu, chia làm 5 ấp và 38 tổ dân cư.", 6000, "population"),
])
def test_counts_of_things_no_indicator_holds_are_set_aside(sentence, value, reason):
    got, r = _values(sentence)
    assert value not in got
    assert any(reason in x.reason for x in r.rejected), [x.reason for x in r.rejected]


# ----------------------------------------------------------------------------- indicators
@pytest.mark.parametrize("sentence, value, code", [
    ("Hiện nay, tỉnh Hà Nam có 245 mô hình tự quản về an ninh trật tự.", 245, "models_active"),
    ("Đến nay, huyện đã xây dựng được 31 mô hình về an ninh trật tự.", 31, "models_active"),
    ("Toàn tỉnh duy trì, củng cố hoạt động của 512 mô hình phòng chống tội phạm.", 512, "models_active"),
    ("Trong năm 2023, các xã đã xây dựng mới 14 mô hình tự quản về an ninh trật tự.", 14, "models_new"),
    ("Năm 2023, huyện ra mắt 6 mô hình điển hình mới trong phong trào.", 6, "models_new"),
    ("Hiện toàn tỉnh có 40 mô hình với 1.210 điểm mô hình tại các khu dân cư.", 1210, "places_with_models"),
    ("Đến nay, xã duy trì 9 mô hình, tại 27 điểm trên địa bàn.", 27, "places_with_models"),
    ("Nhân dân tự nguyện đóng góp lắp đặt 86 mắt camera an ninh trên các tuyến đường.", 86, "security_cameras"),
    ("Năm 2024, tỉnh ra mắt 1.020 Tổ bảo vệ an ninh, trật tự ở cơ sở.", 1020, "mass_security_orgs"),
    ("Toàn tỉnh hiện có 830 tổ an ninh nhân dân hoạt động hiệu quả.", 830, "mass_security_orgs"),
    ("Năm 2023, người dân đã cung cấp 4.310 tin liên quan đến an ninh trật tự.", 4310, "citizen_tips"),
    ("Năm 2023, có 88/90 xã, thị trấn đạt tiêu chuẩn an toàn về an ninh, trật tự.", 88, "safe_units"),
    ("Năm 2023, công an tuyên truyền pháp luật cho hơn 5.600 người dân.", 5600, "campaign_participants"),
    ("Năm 2023, huyện tổ chức ngày hội toàn dân bảo vệ an ninh Tổ quốc tại 14/14 xã.", 14, "campaign_launches"),
    ("Năm 2023, các tổ tự quản đã tổ chức trên 2.100 cuộc họp bàn việc giữ trật tự.", 2100, "community_meetings"),
    ("Năm 2023, tỷ lệ hộ dân tham gia vào các hình thức tự quản đạt 95%.", 95, "households_in_groups_pct"),
    ("Hiện toàn tỉnh có trên 3.000 người chấp hành xong án phạt tù được tiếp nhận, quản lý, giúp đỡ.", 3000,
     "offenders_reeducated"),
])
def test_indicator_rules(sentence, value, code):
    got, _ = _values(sentence)
    assert got[value].indicator_code == code


def test_cases_the_police_clear_are_not_incidents_settled_locally():
    got, _ = _values("Năm 2023, các ban tự quản đã phát hiện, giải quyết 64 vụ việc ở cơ sở.")
    assert got[64].indicator_code == "incidents_handled"
    got, _ = _values("Năm 2023, nhờ hình ảnh camera, công an đã phát hiện, xử lý 64 vụ việc vi phạm.")
    assert 64 not in got or got[64].indicator_code != "incidents_handled"


def test_a_count_of_one_named_model_type_is_not_all_models():
    got, _ = _values("Hiện nay, toàn tỉnh có 52 mô hình “Camera an ninh” hoạt động.")
    assert got[52].indicator_code != "models_active"


def test_not_figures_rules_need_a_reason_and_a_condition():
    from core.catalogue import load_catalogue
    from core.reader.rules import RulesError, parse_rules

    cat = load_catalogue()
    with pytest.raises(RulesError, match="not_figures #1: needs a reason"):
        parse_rules({"indicators": [], "not_figures": [{"noun": "^dong"}]}, cat)
    with pytest.raises(RulesError, match="not_figures #1: needs at least one condition"):
        parse_rules({"indicators": [], "not_figures": [{"reason": "money"}]}, cat)
    with pytest.raises(RulesError, match="not_figures #1: unknown key"):
        parse_rules({"indicators": [], "not_figures": [{"reason": "money", "nuon": "^dong"}]}, cat)


# ----------------------------------------------------------------------------- places
def _units(text: str, province: str | None = None, published=None):
    r = read_text(text, province=province, published=published)
    return {c.value: c.unit_code for c in r.candidates}


def test_a_commune_named_with_its_district_is_the_unit():
    units = _units("Năm 2021, xã Gia Đông, huyện Thuận Thành, Bắc Ninh đã lắp đặt 41 mắt camera an ninh.")
    assert units[41] == "09424"


def test_a_commune_and_its_chain_in_brackets():
    units = _units("Năm 2019, Công an phường Lạch Tray (quận Ngô Quyền, TP.Hải Phòng) đã kết nối 48 camera an ninh.")
    assert units[48] == "11365"


def test_a_commune_after_the_reform_is_one_of_2025():
    units = _units("Năm 2025, phường Hải Châu duy trì 14 mô hình tự quản về an ninh trật tự.", province="48",
                   published=date(2025, 8, 20))
    assert units[14] == "20242"


def test_a_text_about_one_commune_keeps_its_figures_there():
    text = ("XÃ QUẢNG LẠC RA MẮT MÔ HÌNH TỰ QUẢN\n"
            "Ngày 12/3/2024, Ban Chỉ đạo xã tổ chức hội nghị phát động phong trào toàn dân bảo vệ an ninh Tổ quốc.\n"
            "Trong năm qua, xã đã tổ chức 12 buổi tuyên truyền với 900 người tham gia.\n")
    units = _units(text, province="20")
    assert units[12] == units[900] == "05989"


def test_level_words_refer_back_to_the_unit_named():
    text = ("Ngày 5/11/2022, Huyện Đăk Tô (Kon Tum) tổ chức hội nghị tổng kết phong trào toàn dân bảo vệ an ninh "
            "Tổ quốc.\nĐến nay, huyện xây dựng được 18 mô hình về an ninh trật tự. Toàn tỉnh có 2.250 mô hình quần "
            "chúng. Xã Ngọk Tụ có 3 mô hình tự quản; xã đã tổ chức 4 buổi tuyên truyền.\n")
    units = _units(text, province="62")
    assert (units[18], units[2250], units[3], units[4]) == ("612", "62", "23428", "23428")


def test_self_management_is_no_district():
    units = _units("Năm 2023, huyện Hương Khê có 300 tổ tự quản. Các ban tự quản đã giải quyết 41 vụ việc ở cơ sở.",
                   province="42")
    assert units[41] == "444"     # "tự quản đã" is no "quận": the district acting in the paragraph


def test_a_city_named_like_its_province_is_the_district_level_city():
    units = _units("Đến nay, thành phố Nam Định đang duy trì, củng cố 23 mô hình phong trào.", province="36")
    assert units[23] == "356"


def test_a_district_given_as_an_example_is_not_the_unit():
    text = ("Đến nay, toàn tỉnh Kon Tum đã xây dựng, duy trì 2.250 mô hình quần chúng, tiêu biểu như mô hình "
            "tự quản ở huyện Ngọc Hồi.")
    assert _units(text)[2250] == "62"


def test_two_communes_opening_the_text_make_no_subject():
    text = ("Ngày 16/8, xã Hòa Sơn, huyện Hữu Lũng và xã Trấn Yên, huyện Bắc Sơn, tỉnh Lạng Sơn đã tổ chức Ngày hội "
            "toàn dân bảo vệ an ninh Tổ quốc.\nNăm 2022, lực lượng công an đã tuyên truyền pháp luật cho hơn 4.200 "
            "người dân.\n")
    assert _units(text, province="20")[4200] == "20"


def test_read_report_takes_a_commune_code(tmp_path):
    from core.reader.output import read_report

    src = tmp_path / "xa.txt"
    src.write_text("Năm 2023, xã đã tổ chức 7 buổi tuyên truyền về phòng chống tội phạm.", encoding="utf-8")
    lines = read_report(src, tmp_path / "c.csv", province="05989", published="21/03/2024")
    assert "21/03/2024 (given)" in " ".join(lines)
    import pandas as pd

    assert pd.read_csv(tmp_path / "c.csv", dtype=str)["unit_code"].tolist() == ["05989"]
    with pytest.raises(ValueError, match="not a date"):
        read_report(src, tmp_path / "c.csv", province="05989", published="2024-21-03")
    with pytest.raises(ValueError, match="no province, district or commune"):
        read_report(src, tmp_path / "c.csv", province="99999")


# ----------------------------------------------------------------------------- periods
def _by_value(text: str, province: str = "35", published=None):
    return {c.value: c for c in read_text(text, province=province, published=published).candidates}


def test_a_level_now_is_a_stock_on_the_texts_date():
    text = ("Năm 2022, phong trào đạt nhiều kết quả. Toàn tỉnh hiện có 940 tổ tự quản và đang duy trì 77 mô hình.\n")
    got = _by_value(text, published=date(2023, 1, 9))
    for v in (940, 77):
        assert (got[v].period_kind, got[v].period_start, got[v].period_end) == ("stock", "", "2023-01-09")


def test_levels_listed_year_by_year():
    got = _by_value("Số mô hình tăng dần (năm 2012, toàn tỉnh có 150 mô hình, tổ chức; năm 2016 có 171; năm 2021 có "
                    "240; đến tháng 6-2022 có 262).", published=date(2022, 9, 1))
    assert {v: (c.indicator_code, c.period_end) for v, c in got.items()} == {
        150: ("models_active", "2012-12-31"), 171: ("models_active", "2016-12-31"),
        240: ("models_active", "2021-12-31"), 262: ("models_active", "2022-06-30")}
    assert got[171].evidence == "năm 2016 có 171"


def test_a_year_and_the_first_months_of_the_next():
    got = _by_value("Năm 2024 và 6 tháng đầu năm 2025, tỉnh đã có 4 mô hình được Bộ Công an biểu dương, nhân rộng "
                    "toàn quốc.", published=date(2025, 7, 16))
    assert (got[4].period_start, got[4].period_end) == ("2024-01-01", "2025-06-30")


def test_the_period_opening_a_paragraph_carries_to_the_next():
    text = ("Trong giai đoạn 2020 - 2021, Công an tỉnh đã tổ chức 18 cuộc phát động phong trào tại cơ sở.\n"
            "Lực lượng công an đã tuyên truyền pháp luật cho hơn 4.200 người dân, các cơ sở đã ra mắt hơn 30 mô "
            "hình về an ninh trật tự.\n")
    got = _by_value(text, province="20", published=date(2022, 8, 16))
    for v in (18, 4200, 30):
        assert (got[v].period_start, got[v].period_end) == ("2020-01-01", "2021-12-31"), v


def test_a_plan_and_the_year_of_a_festival_are_no_period_of_the_figures():
    text = ("CHƯƠNG TRÌNH PHÁT TRIỂN VÙNG GIAI ĐOẠN 2021 - 2030\n"
            "Chiều 18/8, thành phố tổ chức Ngày hội toàn dân bảo vệ an ninh Tổ quốc năm 2023 tại quận Hoàn Kiếm.\n"
            "Nhân dân đã cung cấp cho lực lượng Công an 7.120 tin liên quan đến an ninh trật tự.\n")
    got = _by_value(text, province="01", published=date(2023, 8, 18))
    assert (got[7120].period_start, got[7120].period_end) == ("", "2023-08-18")


def test_back_periods_start_with_a_whole_year():
    got = _by_value("Qua 10 năm triển khai phong trào, tỉnh có hơn 610 nghìn lượt người tham gia.",
                    published=date(2016, 10, 5))
    assert (got[610_000].period_start, got[610_000].period_end) == ("2006-01-01", "2016-10-05")


def test_an_award_in_a_paragraph_without_period_is_dated_the_day_given():
    got = _by_value("Nhân dịp này, Công an tỉnh tặng giấy khen cho 4 tập thể và 7 cá nhân có thành tích xuất sắc.",
                    published=date(2023, 8, 9))
    assert (got[4].period_start, got[4].period_end) == ("2023-08-09", "2023-08-09")
    got = _by_value("Giai đoạn 2013 - 2023, UBND tỉnh tặng bằng khen cho 40 tập thể có thành tích xuất sắc.",
                    published=date(2023, 8, 9))
    assert (got[40].period_start, got[40].period_end) == ("2013-01-01", "2023-08-09")


def test_trong_nam_is_the_year_reported():
    got = _by_value("Trong năm, các đơn vị đã tham mưu xây dựng 3 mô hình mới.", published=date(2025, 1, 14))
    assert (got[3].period_start, got[3].period_end) == ("2024-01-01", "2024-12-31")
    got = _by_value("Trong những tháng đầu năm, các tổ tự quản đã hòa giải 12 vụ việc mâu thuẫn.",
                    published=date(2022, 8, 12))
    assert (got[12].period_start, got[12].period_end) == ("2022-01-01", "2022-08-12")


def test_without_a_date_the_fallback_skips_terms_and_birth_years():
    text = ("Năm 2021, huyện đã lắp đặt 72 camera an ninh. Anh Lý, sinh năm 1997, là tổ trưởng; đại biểu HĐND "
            "nhiệm kỳ 2021 - 2026 đã dự. 6 tháng đầu năm, các tổ tự quản hòa giải 15 vụ việc.\n")
    r = read_text(text, province="15")
    got = {c.value: c for c in r.candidates}
    assert got[72].period_end == "2021-12-31" and "2021" in r.warnings[0]
    assert (got[15].period_start, got[15].period_end) == ("2021-01-01", "2021-06-30")


# ----------------------------------------------------------------------------- repeats, parts, places of a figure
def test_a_figure_repeated_in_a_later_paragraph_is_offered_once():
    text = ("Bình Phước đã tổ chức 15.480 buổi họp dân ở thôn, khu phố.\n"
            "Ngày 2-8, tỉnh tổ chức ngày hội toàn dân bảo vệ an ninh Tổ quốc tại huyện Bù Gia Mập.\n"
            "Đến nay, Bình Phước đã tổ chức 15.480 buổi họp dân ở thôn, khu phố và vận động người dân tham gia.\n")
    r = read_text(text, province="70", published=date(2023, 8, 2))
    assert [c.locator for c in r.candidates if c.value == 15480] == ["p1"]
    assert any("repeats" in x.reason for x in r.rejected)


def test_the_repeat_whose_sentence_dates_it_is_kept():
    text = ("Toàn tỉnh có 38 loại mô hình được duy trì.\nNgày hội được tổ chức tại xã Yên Lập.\n"
            "Tính đến cuối tháng 11/2025, toàn tỉnh đang vận hành 38 loại mô hình bảo vệ an ninh trật tự.\n")
    r = read_text(text, province="25", published=date(2025, 12, 13))
    (c,) = [c for c in r.candidates if c.value == 38]
    assert (c.locator, c.period_end) == ("p3", "2025-11-30")


def test_parts_after_trong_do_are_set_aside():
    text = ("Toàn tỉnh thành lập 1.577 Tổ bảo vệ an ninh, trật tự. Trong đó có 880 Tổ bảo vệ an ninh, trật tự có 3 "
            "thành viên và 697 Tổ bảo vệ an ninh, trật tự có 4 thành viên.")
    got, r = _values(text, province="64")
    assert set(got) == {1577}
    assert sum("trong đó" in x.reason for x in r.rejected) == 2


def test_the_valuable_tips_among_all_tips():
    got, _ = _values("Năm 2017, nhân dân đã cung cấp hơn 6.600 tin báo tố giác tội phạm, trong đó có 2.749 tin báo có "
                     "giá trị.", province="48")
    assert set(got) == {2749} and got[2749].indicator_code == "citizen_tips"


def test_places_where_the_figure_before_is():
    got, r = _values("Năm 2024, tỉnh ra mắt 691 Tổ bảo vệ an ninh, trật tự ở cơ sở tại 691 thôn, khu phố; huyện lắp "
                     "đặt 72 camera an ninh ở 34 điểm.", province="60")
    assert set(got) == {691, 72} and got[691].indicator_code == "mass_security_orgs"
    assert sum("places where" in x.reason for x in r.rejected) == 2


def test_numbers_in_proper_names_and_plans():
    got, _ = _values("Năm 2023, mô hình văn minh đô thị tại khu phố Hải Châu 1 có 30 hộ tham gia tổ tự quản. Theo kế "
                     "hoạch, huyện sẽ lắp đặt 56 camera tại 30 xã.", province="48")
    assert 1 not in got and 56 not in got


def test_counts_of_provinces_and_exemplary_people():
    got, _ = _values("Năm 2022, cụm an ninh giáp ranh giữa Công an 6 tỉnh hoạt động tốt; lễ ra mắt được tổ chức tại "
                     "8/8 huyện; 40 gương điển hình tiên tiến được tuyên dương.", province="06")
    assert set(got).isdisjoint({6, 8, 40})


def test_a_districts_share_after_trong_do_is_that_districts_figure():
    text = ("Năm 2023, toàn tỉnh Lâm Đồng có 40 xã đạt chuẩn an toàn về an ninh, trật tự, trong đó huyện Đức Trọng có "
            "9 xã đạt chuẩn an toàn về an ninh, trật tự.")
    got, _ = _values(text, province="68")
    assert (got[40].unit_code, got[9].unit_code) == ("68", "678")


def test_places_of_the_models_counted_before():
    got, _ = _values("Cụ thể, toàn tỉnh đã triển khai 66 mô hình, tại 521 điểm, địa bàn.", province="94")
    assert got[521].indicator_code == "places_with_models"


@pytest.mark.parametrize("sentence, value, code", [
    ("Hội nghị đã trao tặng Cờ thi đua của Bộ Công an cho 4 tập thể xuất sắc.", 4, "emulation_flags"),
    ("Dịp này, 6 tập thể nhận cờ thi đua của UBND tỉnh.", 6, "emulation_flags"),
    ("Hiện nay, trên địa bàn tỉnh có 21 mô hình, điển hình tiên tiến về ANTT với 812 câu lạc bộ.", 21, "model_types"),
    ("Hiện nay, trên địa bàn tỉnh có 21 mô hình, điển hình tiên tiến về ANTT với 812 câu lạc bộ.", 812,
     "mass_security_orgs"),
    ("Hiện toàn tỉnh duy trì hoạt động 9.210 mô hình Tổ liên gia tự quản.", 9210, "self_mgmt_groups"),
    ("Thành phố hiện có 1.420 tổ, 5.100 thành viên lực lượng bảo vệ an ninh, trật tự ở cơ sở.", 1420,
     "mass_security_orgs"),
    ("Năm 2023, tỉnh đã có 11 mô hình được Bộ Công an biểu dương, nhân rộng toàn quốc.", 11,
     "models_commended_national"),
    ("Năm 2023, tỉnh triển khai hiệu quả 95 mô hình phòng chống tội phạm, trong đó có 5 mô hình được Bộ Công an "
     "biểu dương.", 95, "models_active"),
    ("Năm 2023, tỉnh triển khai hiệu quả 95 mô hình phòng chống tội phạm, trong đó có 5 mô hình được Bộ Công an "
     "biểu dương.", 5, "models_commended_national"),
    ("Ban Chỉ đạo xã đã xây dựng được 6 mô hình trên toàn xã.", 6, "models_active"),
    ("Năm 2018, các địa phương xây dựng mới 214 lượt mô hình.", 214, "models_new"),
    ("Năm 2023, công an tỉnh đưa vào hoạt động mới 3 mô hình.", 3, "models_new"),
    ("Năm 2024, diễn đàn “Công an lắng nghe ý kiến nhân dân” đã tổ chức với hơn 9.300 lượt người tham dự.", 9300,
     "forum_participants"),
    ("Năm 2023, tỉnh tuyên truyền đẩy mạnh phong trào toàn dân bảo vệ an ninh Tổ quốc tại 64 buôn đồng bào.", 64,
     "campaign_launches"),
    ("Đến nay, Công an tỉnh đã xây dựng và nhân rộng tại 12 khu dân cư.", 12, "places_with_models"),
    ("Camera được lắp khắp các tuyến phố. Với 2.400 mắt camera, xã đã phủ kín địa bàn.", 2400, "security_cameras"),
    ("Năm 2023, kết quả thu được hơn 2000 tin có giá trị.", 2000, "citizen_tips"),
    ("Năm 2022, nhân dân cung cấp cho Bộ đội Biên phòng 46 nguồn tin có giá trị.", 46, "citizen_tips"),
])
def test_indicator_rules_of_more_texts(sentence, value, code):
    got, _ = _values(sentence)
    assert got[value].indicator_code == code


def test_a_national_figure_goes_on_the_country():
    """"cả nước có": the whole country's figure (unit '00'), even in a province's text."""
    got = _units("Đến nay, cả nước có hơn 4.000 mô hình trong phong trào toàn dân bảo vệ an ninh Tổ quốc.",
                 province="40")
    assert got[4000] == "00"
    assert _units("Đến nay, toàn tỉnh có hơn 400 mô hình tự quản.", province="40")[400] == "40"


def test_namesakes_told_apart_by_their_prefix():
    got = _units("Năm 2022, huyện Hồng Ngự có 1.267 tổ tự quản và thành phố Hồng Ngự có 543 tổ tự quản.", province="87")
    assert (got[1267], got[543]) == ("870", "868")
    got = _units("Năm 2023, UBND P.Thới An lắp đặt mới 170 camera an ninh.", province="79")
    assert got[170] == "26773"


def test_a_model_named_after_the_new_countryside_is_no_criterion():
    got, _ = _values("Năm 2023, tỉnh nhân rộng 19 loại mô hình nổi bật tại 180 khu dân cư như: “Tổ liên gia đảm bảo "
                     "ANTT, phục vụ xây dựng nông thôn mới”.", province="40")
    assert 180 in got


# ----------------------------------------------------------------------------- the measure on collected texts
def test_reader_quality_rereads_the_texts_with_their_publication_date(tmp_path):
    import pandas as pd

    from core.reader.decisions import LOG_COLUMNS
    from core.reader.quality import score_rerun

    folder = tmp_path / "collect" / "kontum_q"
    folder.mkdir(parents=True)
    (folder / "text.txt").write_text("Phong trào ở Kon Tum\nHiện nay toàn tỉnh Kon Tum duy trì 48 mô hình tự quản "
                                     "và 6 khẩu súng được giao nộp.\n", encoding="utf-8")
    (folder / "source.yaml").write_text("source_id: kontum_q\npublished: 2024-01-05\nprovince: '62'\n",
                                        encoding="utf-8")
    figure = dict.fromkeys(LOG_COLUMNS, "") | {
        "candidate": "1", "decision": "corrected", "unit_code": "62", "indicator_code": "models_active",
        "period_end": "2024-01-05", "period_kind": "stock", "value": "48", "qualifier": "exact", "locator": "p2",
        "evidence": "48 mô hình tự quản"}
    logs = {"kontum_q": pd.DataFrame([figure], columns=LOG_COLUMNS)}
    with_date = score_rerun(logs, tmp_path / "collect")
    text_only = score_rerun(logs, tmp_path / "collect", with_dates=False)
    assert (with_date.candidates, with_date.accepted, with_date.rejected) == (1, 1, 0)   # the weapons: set aside
    assert with_date.right["period"] == 1 and text_only.right["period"] == 0
