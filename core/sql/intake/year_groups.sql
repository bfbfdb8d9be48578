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
-- Sources by their 64-bit hash: one source when the lowest and highest hash agree (cheaper than
-- comparing text over every row; the mart facts_yearly names it from the table sources).
-- The value and qualifier at the latest date are taken for levels only (what reads them).
SELECT
    unit_key,
    indicator_code,
    breakdown,
    year(period_end) AS year,
    period_kind,
    CASE WHEN period_kind = 'total' THEN sum(value) FILTER (WHERE period_kind = 'total')
         ELSE arg_max(value, period_end) FILTER (WHERE period_kind <> 'total') END AS value,
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
FROM year_group_rows
WHERE (period_kind = 'stock' OR (period_kind = 'total' AND in_one_calendar_year(period_start, period_end)))
  AND (NOT $generated_only OR file_index IS NULL)
GROUP BY unit_key, indicator_code, breakdown, year, period_kind, is_sample
