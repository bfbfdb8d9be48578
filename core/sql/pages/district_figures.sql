-- District-level figures as reported for the districts of one old province ($province: a
-- 63-province code), one row per (district, indicator, period, source); breakdowns of an
-- additive indicator summed within one source and period. $sample: the mode (real or sample, never
-- both); a figure given by several sources is read once (sources, agreement: see province_figures).
SELECT
    o.unit_code,
    o.indicator_code,
    CASE WHEN i.aggregation = 'sum' THEN NULL ELSE o.breakdown END AS breakdown,
    o.period_start,
    o.period_end,
    o.period_kind,
    any_value(o.period_years) AS period_years,
    sum(o.value) AS value,
    qualifier_combine(o.qualifier) AS qualifier,
    o.source_id,
    bool_or(o.is_sample) AS is_sample,
    count(*) AS parts,
    CASE WHEN bool_or(o.agreement = 'conflict') THEN 'conflict'
         WHEN bool_or(o.agreement = 'corroborated') THEN 'corroborated' ELSE '' END AS agreement,
    string_agg(DISTINCT o.sources, ',') AS sources
FROM observations AS o
JOIN indicators AS i ON i.code = o.indicator_code
WHERE o.unit_level = 'district'
  AND o.province_code = $province
  AND list_contains($indicators, o.indicator_code)
  AND year(o.period_end) BETWEEN $year_from AND $year_to
  AND o.is_sample = $sample AND o.counted
GROUP BY ALL
ORDER BY o.indicator_code, o.unit_code, o.period_end
