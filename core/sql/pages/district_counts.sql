-- Per old province and indicator, how many of its districts have a figure in one mode ($sample).
-- Read from the mart observation_counts (etl/sql/marts): no scan of observations.
SELECT province_code, indicator_code, count(DISTINCT unit_code) AS districts
FROM observation_counts
WHERE unit_level = 'district' AND is_sample = $sample
GROUP BY ALL
ORDER BY province_code, indicator_code
