-- What the warehouse holds: figures reported vs sample, their latest period_end, and how many
-- units they cover.
-- Read from the mart observation_counts (etl/sql/marts): same result, no scan of observations.
SELECT
    is_sample,
    CAST(sum(n) AS BIGINT) AS figures,
    max(max_period_end) AS latest_period_end,
    count(DISTINCT CASE WHEN unit_level = 'province' THEN unit_code END) AS provinces,
    count(DISTINCT CASE WHEN unit_level = 'district' THEN unit_code END) AS districts,
    count(DISTINCT source_id) AS sources
FROM observation_counts
GROUP BY is_sample
ORDER BY is_sample
