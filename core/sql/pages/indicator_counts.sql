-- Number of figures per indicator in one mode ($sample: real or sample); a figure given by several
-- sources counts once.
-- Read from the mart observation_counts (etl/sql/marts): same result, no scan of observations.
SELECT indicator_code, CAST(sum(figures) AS BIGINT) AS figures
FROM observation_counts
WHERE is_sample = $sample
GROUP BY indicator_code
