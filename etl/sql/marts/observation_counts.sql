-- How many figures there are, per sample flag, indicator, level, province (old and new) and source,
-- with the first and last period_end; unit_code only for provinces and districts (NULL for communes).
-- Lets pages count and page through national-scale observations without scanning them.
CREATE OR REPLACE TABLE observation_counts AS
SELECT is_sample, indicator_code, unit_level, province_code, province_2025_code, source_id,
       CASE WHEN unit_level IN ('province', 'district') THEN unit_code END AS unit_code,
       count(*) AS n, min(period_end) AS min_period_end, max(period_end) AS max_period_end
FROM observations
GROUP BY ALL
ORDER BY indicator_code, province_code, is_sample
