-- Sample figures (sample_frame: unit_code, indicator_code, year, period_kind, value) into observation_rows,
-- for district-years the district is valid all year (independent of the real figures: the two
-- modes never mix).
INSERT INTO observation_rows BY NAME
SELECT k.unit_key, s.indicator_code, '' AS breakdown,
       make_date(s.year, 1, 1) AS period_start, make_date(s.year, 12, 31) AS period_end,
       s.period_kind,
       s.value, 'exact' AS qualifier, $source_id AS source_id, true AS is_sample, NULL AS file_index
FROM sample_frame AS s
JOIN units AS u ON u.code = s.unit_code AND u.level = 'district'
JOIN unit_context AS k ON k.code = u.code AND k.vintage = u.vintage
WHERE coalesce(u.valid_from, DATE '0001-01-01') <= make_date(s.year, 1, 1)
  AND coalesce(u.valid_to, DATE '9999-12-31') >= make_date(s.year, 12, 31)
ORDER BY s.unit_code, s.indicator_code, s.year
