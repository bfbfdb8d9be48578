-- Number of figures per indicator in one mode ($sample: real or sample).
-- Read from the mart observation_counts (etl/sql/marts): same result, no scan of observations.
SELECT indicator_code, CAST(sum(n) AS BIGINT) AS figures
FROM observation_counts
WHERE is_sample = $sample
GROUP BY indicator_code
