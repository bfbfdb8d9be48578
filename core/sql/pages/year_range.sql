-- First and last calendar year of period_end over all figures (bounds of the period filter).
-- Read from the mart observation_counts (etl/sql/marts): same result, no scan of observations.
SELECT min(year(min_period_end)) AS first_year, max(year(max_period_end)) AS last_year FROM observation_counts
