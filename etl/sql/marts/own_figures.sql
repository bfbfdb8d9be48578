-- Each unit's own figures as the pages read them: one row per (unit, indicator, period, source, mode)
-- from the counted rows (a figure given by several sources is read once). Breakdowns of an additive
-- indicator (e.g. awards by awarding body) are summed within one source and period, their qualifier
-- combined (core.semantics.qualifiers); those of a non-additive indicator stay separate rows.
-- `sources` lists every source (preferred first); `agreement` is 'corroborated', 'conflict' or ''.
CREATE OR REPLACE VIEW own_figures AS
SELECT
    o.unit_code,
    o.unit_level,
    o.unit_vintage,
    o.province_code,
    o.province_2025_code,
    o.indicator_code,
    CASE WHEN i.aggregation = 'sum' THEN NULL ELSE o.breakdown END AS breakdown,
    o.period_start,
    o.period_end,
    o.period_kind,
    any_value(o.period_years) AS period_years,
    sum(o.value) AS value,
    qualifier_combine(o.qualifier) AS qualifier,
    o.source_id,
    o.is_sample,
    count(*) AS parts,
    string_agg(o.evidence, ' | ' ORDER BY o.breakdown) AS evidence,
    string_agg(DISTINCT o.locator, ', ') AS locator,
    'reported' AS basis,
    CASE WHEN bool_or(o.agreement = 'conflict') THEN 'conflict'
         WHEN bool_or(o.agreement = 'corroborated') THEN 'corroborated' ELSE '' END AS agreement,
    string_agg(DISTINCT o.sources, ',') AS sources
FROM observations AS o
JOIN indicators AS i ON i.code = o.indicator_code
WHERE o.counted
GROUP BY ALL
