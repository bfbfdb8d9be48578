-- How many figures there are, per sample flag, indicator, level, province (old and new) and source,
-- with the first and last period_end; unit_code only for provinces and districts (NULL for communes).
-- Lets pages count and page through national-scale observations without scanning them.
CREATE OR REPLACE TABLE observation_counts AS
WITH per_key AS (
    SELECT is_sample, indicator_code, unit_key, source_id,
           count(*) AS n, min(period_end) AS min_period_end, max(period_end) AS max_period_end
    FROM observation_rows
    GROUP BY ALL
)
SELECT k.is_sample, k.indicator_code, u.level AS unit_level, u.province_code, u.province_2025_code, k.source_id,
       CASE WHEN u.level IN ('province', 'district') THEN u.code END AS unit_code,
       sum(k.n) AS n, min(k.min_period_end) AS min_period_end, max(k.max_period_end) AS max_period_end
FROM per_key AS k
JOIN unit_context AS u ON u.unit_key = k.unit_key
GROUP BY ALL
ORDER BY indicator_code, province_code, is_sample
