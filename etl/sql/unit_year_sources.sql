-- One pass over the figures for the marts completeness and observation_counts: per mode, indicator,
-- unit, calendar year of period_end and source, the rows, the figures counted (a figure given by
-- several sources counts once: the rows figure_sources does not count are taken off) and the first
-- and last period_end. Those marts read a commune only by its level and provinces, so the communes
-- of one old and new province count as one unit (unit_key: the lowest of their keys): about 120k
-- groups at national scale instead of 1.8 million.
-- Rows are grouped by a 64-bit hash of their indicator and source (cheaper than their text over
-- every row), named again from the catalogue's indicators and the declared sources (every row's
-- are among them: the build's rules refuse others); two pairs with one hash stop the build.
WITH reported_as AS (  -- communes count by their provinces and level (what the marts read), other units each
    SELECT unit_key, CASE WHEN level = 'commune'
                          THEN min(unit_key) OVER (PARTITION BY level, province_code, province_2025_code)
                          ELSE unit_key END AS report_key
    FROM unit_context
),
per_key AS (
    SELECT o.is_sample, hash(o.indicator_code, o.source_id) AS pair, r.report_key AS unit_key, year(o.period_end) AS year,
           count(*) AS n, min(o.period_end) AS min_period_end, max(o.period_end) AS max_period_end
    FROM observation_rows AS o
    JOIN reported_as AS r ON r.unit_key = o.unit_key
    GROUP BY ALL
),
pairs AS (
    SELECT i.code AS indicator_code, s.source_id, hash(i.code, s.source_id) AS pair,
           count(*) OVER (PARTITION BY hash(i.code, s.source_id)) AS sharing
    FROM indicators AS i
    CROSS JOIN (SELECT DISTINCT source_id FROM sources) AS s
),
not_counted AS (
    SELECT f.is_sample, f.indicator_code, r.report_key AS unit_key, year(f.period_end) AS year, f.source_id, count(*) AS n
    FROM figure_sources AS f
    JOIN reported_as AS r ON r.unit_key = f.unit_key
    WHERE NOT f.counted
    GROUP BY ALL
)
SELECT k.is_sample, p.indicator_code, k.unit_key, k.year, p.source_id, k.n,
       k.n - coalesce(c.n, 0) AS figures, k.min_period_end, k.max_period_end
FROM per_key AS k
JOIN pairs AS p
    ON p.pair = k.pair AND (p.sharing = 1 OR error('unit_year_sources: two indicator and source pairs share one hash'))
LEFT JOIN not_counted AS c
    ON c.is_sample = k.is_sample AND c.indicator_code = p.indicator_code AND c.unit_key = k.unit_key
    AND c.year = k.year AND c.source_id = p.source_id
