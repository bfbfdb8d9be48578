-- What the warehouse holds in one mode ($sample): figures (a figure given by several sources counts
-- once), their latest period_end, and how many (old) provinces (figures at any level within them),
-- districts and sources they cover.
-- Read from the mart observation_counts (etl/sql/marts): same result, no scan of observations.
SELECT
    CAST(coalesce(sum(figures), 0) AS BIGINT) AS figures,
    max(max_period_end) AS latest_period_end,
    count(DISTINCT province_code) AS provinces,
    count(DISTINCT CASE WHEN unit_level = 'district' THEN unit_code END) AS districts,
    count(DISTINCT source_id) AS sources
FROM observation_counts
WHERE is_sample = $sample
