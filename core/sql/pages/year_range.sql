-- First and last calendar year of period_end over all figures (bounds of the period filter).
SELECT min(year(period_end)) AS first_year, max(year(period_end)) AS last_year FROM observations
