-- District-level figures as reported for the districts of one old province ($province: a
-- 63-province code), one row per (district, indicator, period, source) (mart own_figures:
-- breakdowns of an additive indicator summed within one source and period). $sample: the mode (real or sample, never
-- both); a figure given by several sources is read once (sources, agreement: see province_figures).
-- A district without its own figure for an additive indicator, year and period kind has the sum of
-- its communes (basis 'sum_of_communes', mart etl/sql/marts/sums_of_children.sql: as summed into the province).
WITH own AS (  -- the districts' own figures (mart own_figures)
    SELECT o.* EXCLUDE (unit_level, unit_vintage, province_code, province_2025_code, evidence, locator)
    FROM own_figures AS o
    WHERE o.unit_level = 'district'
      AND o.province_code = $province
      AND list_contains($indicators, o.indicator_code)
      AND year(o.period_end) BETWEEN $year_from AND $year_to
      AND o.is_sample = $sample
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
