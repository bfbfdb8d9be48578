-- How many rows and figures there are, per sample flag, indicator, level, province (old and new) and
-- source, with the first and last period_end; unit_code only for provinces and districts (NULL for
-- communes). n counts rows (one per source); figures counts a figure given by several sources once.
-- Lets pages count and page through national-scale observations without scanning them. Reads the
-- build's one pass unit_year_sources (etl/sql/unit_year_sources.sql).
CREATE OR REPLACE TABLE observation_counts AS
SELECT k.is_sample, k.indicator_code, u.level AS unit_level, u.province_code, u.province_2025_code, k.source_id,
       CASE WHEN u.level IN ('province', 'district') THEN u.code END AS unit_code,
       sum(k.n) AS n, sum(k.figures) AS figures, min(k.min_period_end) AS min_period_end,
       max(k.max_period_end) AS max_period_end
FROM unit_year_sources AS k
JOIN unit_context AS u ON u.unit_key = k.unit_key
GROUP BY ALL
ORDER BY indicator_code, province_code, is_sample
