-- One pass over the figures for the marts completeness and observation_counts: per mode, indicator,
-- unit, calendar year of period_end and source, the rows, the figures counted (a figure given by
-- several sources counts once: the rows figure_sources does not count are taken off) and the first
-- and last period_end.
WITH per_key AS (
    SELECT is_sample, indicator_code, unit_key, year(period_end) AS year, source_id,
           count(*) AS n, min(period_end) AS min_period_end, max(period_end) AS max_period_end
    FROM observation_rows
    GROUP BY ALL
),
not_counted AS (
    SELECT is_sample, indicator_code, unit_key, year(period_end) AS year, source_id, count(*) AS n
    FROM figure_sources
    WHERE NOT counted
    GROUP BY ALL
)
SELECT k.is_sample, k.indicator_code, k.unit_key, k.year, k.source_id, k.n,
       k.n - coalesce(c.n, 0) AS figures, k.min_period_end, k.max_period_end
FROM per_key AS k
LEFT JOIN not_counted AS c USING (is_sample, indicator_code, unit_key, year, source_id)
