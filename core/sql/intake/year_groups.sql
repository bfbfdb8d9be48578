-- Each unit's rows within one calendar year, grouped once (the build's one pass over the
-- figures): flows ('total' with start and end in the same year) summed, levels ('stock') with their
-- value at the latest date. Read by the duplicate rule and by the mart facts_yearly.
-- Reads the temp view year_group_rows: first every row (observation_rows); once the sources are
-- settled (figure_sources.sql), the groups holding one figure from several sources are grouped
-- again from the counted rows only, so a figure given by two sources is summed once.
-- Real and sample rows never share a group (is_sample is part of the key).
-- $generated_only: only the rows the build generated (the sample: no input file), added after the
-- input's groups. Qualifiers as ranks (core.semantics.qualifiers): the highest, and the latest
-- date's. months: a bit per month of period_end; fewer months than rows is where duplicates can hide.
-- Grouped by a 64-bit hash of indicator, breakdown and kind (a series; cheaper than their text
-- over every row), the text joined back from the series present: the catalogue's (indicators and
-- their breakdowns), and only for a hash that is none of them (codes the rules refuse) read from the rows. Sources by their 64-bit hash:
-- one source when the lowest and highest hash agree (cheaper than comparing text over every row;
-- the mart facts_yearly names it from the table sources).
-- The value and qualifier at the latest date are taken for levels only (what reads them).
WITH rows AS NOT MATERIALIZED (
    SELECT * FROM year_group_rows
    WHERE in_year_groups(period_kind, period_start, period_end)
      AND (NOT $generated_only OR file_index IS NULL)
),
grouped AS MATERIALIZED (
    SELECT
        unit_key,
        hash(indicator_code, breakdown, period_kind) AS series,
        year(period_end) AS year,
        sum(value) FILTER (WHERE period_kind = 'total') AS total_value,
        arg_max(value, period_end) FILTER (WHERE period_kind <> 'total') AS last_value,
        max(qualifier_rank(qualifier)) AS qualifier_rank,
        arg_max(qualifier_rank(qualifier), period_end) FILTER (WHERE period_kind = 'stock') AS last_rank,
        min(period_start) AS period_start,
        max(period_end) AS period_end,
        count(*) AS n_rows,
        bit_count(bit_or(1::INTEGER << (month(period_end) - 1)::INTEGER)) AS months,
        is_sample,
        min(hash(source_id)) AS source_lo,
        max(hash(source_id)) AS source_hi,
        bool_or(conflict) AS conflict
    FROM rows
    GROUP BY unit_key, series, year, is_sample
),
present AS (SELECT DISTINCT series FROM grouped),
series_known AS (  -- the catalogue's series of the kinds grouped here
    SELECT b.indicator_code, b.breakdown, k.period_kind, hash(b.indicator_code, b.breakdown, k.period_kind) AS series
    FROM (SELECT code AS indicator_code, '' AS breakdown FROM indicators
          UNION SELECT indicator_code, breakdown FROM indicator_breakdowns) AS b
    CROSS JOIN (VALUES ('stock'), ('total')) AS k(period_kind)
),
series_other AS (  -- read from the rows only when a series is not the catalogue's (input the rules refuse)
    SELECT DISTINCT indicator_code, breakdown, period_kind, hash(indicator_code, breakdown, period_kind) AS series
    FROM rows
    WHERE hash(indicator_code, breakdown, period_kind) IN (SELECT series FROM present EXCEPT SELECT series FROM series_known)
),
series AS (  -- the text of each series hash; two series with one hash stop the build
    SELECT * FROM series_known WHERE series IN (SELECT series FROM present)
    UNION ALL
    SELECT * FROM series_other
)
SELECT g.unit_key, s.indicator_code, s.breakdown, g.year, s.period_kind,
       CASE WHEN s.period_kind = 'total' THEN g.total_value ELSE g.last_value END AS value, g.qualifier_rank, g.last_rank,
       g.period_start, g.period_end, g.n_rows, g.months, g.is_sample, g.source_lo, g.source_hi, g.conflict
FROM grouped AS g
JOIN (SELECT *, count(*) OVER (PARTITION BY series) AS sharing FROM series) AS s
    ON s.series = g.series AND (s.sharing = 1 OR error('year_groups: two series share one hash'))
