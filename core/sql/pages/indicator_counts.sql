-- Number of figures per indicator, reported and sample.
-- Read from the mart observation_counts (etl/sql/marts): same result, no scan of observations.
SELECT indicator_code,
       CAST(coalesce(sum(n) FILTER (WHERE NOT is_sample), 0) AS BIGINT) AS reported,
       CAST(coalesce(sum(n) FILTER (WHERE is_sample), 0) AS BIGINT) AS sample
FROM observation_counts
GROUP BY indicator_code
