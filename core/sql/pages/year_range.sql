-- First and last calendar year of period_end over the figures of one mode ($sample), the bounds of
-- the period filter. Read from the mart observation_counts: same result, no scan of observations.
SELECT min(year(min_period_end)) AS first_year, max(year(max_period_end)) AS last_year
FROM observation_counts
WHERE is_sample = $sample
