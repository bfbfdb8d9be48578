-- Where figures exist (the completeness view, like DHIS2's reporting rates), per mode (is_sample),
-- indicator, province (old 63: province_code; new 34: province_2025_code), unit level, calendar
-- year of period_end and source:
--   figures            figures counted (a figure given by several sources counts once, under its
--                      preferred source: figure_sources.counted),
--   rows               rows of this source (every source of a corroborated figure has its row),
--   latest_period_end  the latest period_end.
-- Country figures (level 'country') have no province. Reads the build's one pass unit_year_sources
-- (etl/sql/unit_year_sources.sql).
CREATE OR REPLACE TABLE completeness AS
SELECT k.is_sample, k.indicator_code, u.province_code, u.province_2025_code, u.level AS unit_level, k.year,
       k.source_id, sum(k.figures)::BIGINT AS figures, sum(k.n)::BIGINT AS rows,
       max(k.max_period_end) AS latest_period_end
FROM unit_year_sources AS k
JOIN unit_context AS u ON u.unit_key = k.unit_key
GROUP BY ALL
ORDER BY k.is_sample, k.indicator_code, u.province_code, k.year
