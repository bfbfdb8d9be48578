-- Figures given by more than one source: the same unit, indicator, breakdown, period and kind
-- (and sample flag) from two or more sources. One row per source, with
--   agreement  'corroborated' (every source gives the same value) or 'conflict' (they differ),
--   counted    true for exactly one row of the figure (the preferred source): sums and charts
--              read only counted rows, so a corroborated figure is never counted twice,
--   n_sources  how many sources give the figure, sources their ids (preferred first, comma-separated).
-- Preferred source: an official report before a portal or dataset, before the press, before a
-- review or sample; then the latest publication; then the source id.
-- Only groups that can hold several sources are read: year_groups with more than one source hash,
-- and the rows spanning more than one calendar year (few), as the duplicate rule does.
-- Year groups by a 64-bit hash of indicator, breakdown and kind (cheaper than their text; two
-- series sharing a hash would only add candidates, ranked below by their text). The input's year
-- groups have one row per key; only the groups the build generated (the sample's rows, without an
-- input file) can repeat a key of an input's sample rows, so only their units' groups are grouped again.
WITH generated_units AS (SELECT DISTINCT unit_key FROM observation_rows WHERE file_index IS NULL),
multi_groups AS (
    SELECT unit_key, hash(indicator_code, breakdown, period_kind) AS series, year, is_sample
    FROM year_groups
    WHERE source_lo <> source_hi OR unit_key IN (SELECT unit_key FROM generated_units)
    GROUP BY ALL
    HAVING min(source_lo) <> max(source_hi)
),
candidates AS (
    SELECT o.unit_key, o.indicator_code, o.breakdown, o.period_start, o.period_end, o.period_kind, o.is_sample,
           o.source_id, o.value, o.qualifier
    FROM observation_rows AS o
    SEMI JOIN multi_groups AS g
        ON o.unit_key = g.unit_key AND hash(o.indicator_code, o.breakdown, o.period_kind) = g.series
        AND year(o.period_end) = g.year AND o.is_sample = g.is_sample
    WHERE in_year_groups(o.period_kind, o.period_start, o.period_end)
    UNION ALL
    SELECT unit_key, indicator_code, breakdown, period_start, period_end, period_kind, is_sample, source_id, value,
           qualifier
    FROM observation_rows  -- rows spanning more than one calendar year, or without a start, and yearly rates
    WHERE NOT in_year_groups(period_kind, period_start, period_end)
),
ranked AS (
    SELECT c.*,
           count(*) OVER w AS n_sources,
           count(DISTINCT round(c.value, 6)) OVER w AS n_values,
           row_number() OVER (w ORDER BY
               CASE s.kind WHEN 'report' THEN 0 WHEN 'portal' THEN 1 WHEN 'dataset' THEN 1 WHEN 'press' THEN 2
                           WHEN 'news_article' THEN 2 WHEN 'review' THEN 3 WHEN 'sample' THEN 9 ELSE 5 END,
               s.published DESC NULLS LAST, c.source_id) AS preference
    FROM candidates AS c
    LEFT JOIN sources AS s ON s.source_id = c.source_id
    WINDOW w AS (PARTITION BY c.unit_key, c.indicator_code, c.breakdown, c.period_start, c.period_end, c.period_kind,
                              c.is_sample)
)
SELECT unit_key, indicator_code, breakdown, period_start, period_end, period_kind, is_sample, source_id, value,
       qualifier,
       CASE WHEN n_values > 1 THEN 'conflict' ELSE 'corroborated' END AS agreement,
       preference = 1 AS counted,
       n_sources,
       string_agg(source_id, ',' ORDER BY preference) OVER (
           PARTITION BY unit_key, indicator_code, breakdown, period_start, period_end, period_kind, is_sample
       ) AS sources,
       preference
FROM ranked
WHERE n_sources > 1
