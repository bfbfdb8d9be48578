-- District-level figures as reported for the districts of one old province ($province: a
-- 63-province code), one row per (district, indicator, period, source); breakdowns of an
-- additive indicator summed within one source and period. $sample: the mode (real or sample, never
-- both); a figure given by several sources is read once (sources, agreement: see province_figures).
-- A district without its own figure for an additive indicator, year and period kind has the sum of
-- its communes (basis 'sum_of_communes', mart etl/sql/marts/sums_of_children.sql: as summed into the province).
WITH own AS (
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
    string_agg(DISTINCT o.sources, ',') AS sources,
    'reported' AS basis
FROM observations AS o
JOIN indicators AS i ON i.code = o.indicator_code
WHERE o.unit_level = 'district'
  AND o.province_code = $province
  AND list_contains($indicators, o.indicator_code)
  AND year(o.period_end) BETWEEN $year_from AND $year_to
  AND o.is_sample = $sample AND o.counted
GROUP BY ALL
),
from_communes AS (
    SELECT c.unit_code, c.indicator_code, NULL AS breakdown, c.period_start, c.period_end, c.period_kind,
           c.period_years, c.value, c.qualifier, c.source_id, c.is_sample, c.parts, c.agreement,
           c.source_id AS sources, c.basis
    FROM sums_of_children_for('sum_of_communes', [$province], $indicators, $year_from, $year_to, $sample) AS c
)
SELECT * FROM own
UNION ALL BY NAME
SELECT c.* FROM from_communes AS c
ANTI JOIN own AS o ON o.unit_code = c.unit_code AND o.indicator_code = c.indicator_code
    AND year(o.period_end) = year(c.period_end) AND o.period_kind = c.period_kind
ORDER BY indicator_code, unit_code, period_end
