-- Figures of the whole country (unit '00', level 'country': a national source) in one mode ($sample),
-- for the overview's national headline. $indicators: catalogue codes; $year_from/$year_to: calendar
-- years of period_end. A figure given by several sources is read once (its counted row).
SELECT
    o.unit_code,
    o.indicator_code,
    coalesce(o.breakdown, '') AS breakdown,
    o.period_start,
    o.period_end,
    o.period_kind,
    o.period_years,
    o.value,
    o.qualifier,
    o.source_id,
    o.sources,
    o.agreement,
    o.is_sample
FROM observations AS o
WHERE o.unit_level = 'country'
  AND list_contains($indicators, o.indicator_code)
  AND year(o.period_end) BETWEEN $year_from AND $year_to
  AND o.is_sample = $sample AND o.counted
ORDER BY o.indicator_code, o.period_end
