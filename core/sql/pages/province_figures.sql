-- Province-level figures as reported, one row per (unit, indicator, period, source).
-- Breakdowns of an additive indicator (e.g. awards by awarding body) are summed within one
-- source and period; those of a non-additive indicator stay separate rows.
-- $old_codes: 63-province codes (vintage '63'); $new_codes: 34-province codes (vintage '34',
-- figures reported on the new provinces after 01/07/2025); $indicators: catalogue codes;
-- $year_from/$year_to: calendar years of period_end.
SELECT
    o.unit_code,
    o.unit_vintage,
    o.province_2025_code,
    o.indicator_code,
    CASE WHEN i.aggregation = 'sum' THEN NULL ELSE o.breakdown END AS breakdown,
    o.period_start,
    o.period_end,
    o.period_kind,
    any_value(o.period_years) AS period_years,
    sum(o.value) AS value,
    CASE WHEN bool_or(o.qualifier = 'about') THEN 'about'
         WHEN bool_or(o.qualifier = 'at_least') THEN 'at_least'
         ELSE 'exact' END AS qualifier,
    o.source_id,
    bool_or(o.is_sample) AS is_sample,
    count(*) AS parts,
    string_agg(o.evidence, ' | ' ORDER BY o.breakdown) AS evidence,
    string_agg(DISTINCT o.locator, ', ') AS locator
FROM observations AS o
JOIN indicators AS i ON i.code = o.indicator_code
WHERE o.unit_level = 'province'
  AND ((o.unit_vintage = '63' AND list_contains($old_codes, o.unit_code))
       OR (o.unit_vintage = '34' AND list_contains($new_codes, o.unit_code)))
  AND list_contains($indicators, o.indicator_code)
  AND year(o.period_end) BETWEEN $year_from AND $year_to
GROUP BY ALL
ORDER BY o.indicator_code, o.unit_code, o.period_end, o.period_start NULLS FIRST
