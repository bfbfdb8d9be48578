-- Sample figures (sample_frame: unit_code, indicator_code, year, period_kind, value) into observations,
-- for district-years the district is valid all year, unless real figures cover them (real_cover).
INSERT INTO observations BY NAME
SELECT s.unit_code, 'district' AS unit_level, u.vintage AS unit_vintage, u.parent_code AS province_code,
       u.province_2025_code, s.indicator_code, '' AS breakdown,
       make_date(s.year, 1, 1) AS period_start, make_date(s.year, 12, 31) AS period_end,
       s.period_kind,
       round((date_diff('day', make_date(s.year, 1, 1), make_date(s.year, 12, 31)) + 1) / 365.25, 3)
           AS period_years,
       s.value, 'exact' AS qualifier, $source_id AS source_id, NULL AS evidence, NULL AS locator,
       true AS is_sample, u.name_vi AS unit_name, NULL AS input_file, NULL AS input_row
FROM sample_frame AS s
JOIN units AS u ON u.code = s.unit_code AND u.level = 'district'
WHERE coalesce(u.valid_from, DATE '0001-01-01') <= make_date(s.year, 1, 1)
  AND coalesce(u.valid_to, DATE '9999-12-31') >= make_date(s.year, 12, 31)
  AND NOT EXISTS (
      SELECT 1 FROM real_cover AS r
      WHERE r.district_code = s.unit_code AND r.indicator_code = s.indicator_code
        AND s.year BETWEEN r.first_year AND r.last_year)
ORDER BY s.unit_code, s.indicator_code, s.year
