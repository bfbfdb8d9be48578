-- Province-level figures, one row per (unit, indicator, period, source):
--  * basis 'reported': the province's own figures (mart own_figures: breakdowns of an additive
--    indicator summed within one source and period).
--  * basis 'sum_of_districts': for additive indicators, the yearly sum of the province's districts
--    (mart sums_of_children, etl/sql/marts/sums_of_children.sql) where the province has no own figure for
--    the same indicator and period; districts_summed of districts_expected says how many districts it
--    covers (a sum missing some is a lower bound: core.semantics.aggregation).
-- $old_codes: 63-province codes (vintage '63'); $new_codes: 34-province codes (vintage '34',
-- figures reported on the new provinces from the reform date); $indicators: catalogue codes;
-- $year_from/$year_to: calendar years of period_end; $sample: the mode (real figures only, or sample
-- data only: never both).
-- A figure given by several sources is read once (its counted row): `sources` lists every source
-- (preferred first), `agreement` is 'corroborated', 'conflict' (sources differ; for a sum: some part's
-- sources differ) or ''.
WITH own AS (  -- the provinces' own figures (mart own_figures)
    SELECT o.* EXCLUDE (unit_level, province_code),
           NULL::BIGINT AS districts_summed,
           NULL::BIGINT AS districts_expected
    FROM own_figures AS o
    WHERE o.unit_level = 'province'
      AND ((o.unit_vintage = '63' AND list_contains($old_codes, o.unit_code))
           OR (o.unit_vintage = '34' AND list_contains($new_codes, o.unit_code)))
      AND list_contains($indicators, o.indicator_code)
      AND year(o.period_end) BETWEEN $year_from AND $year_to
      AND o.is_sample = $sample
),
from_districts AS (
    SELECT d.* EXCLUDE (year, province_code, children_summed, children_expected), '63' AS unit_vintage,
           NULL AS breakdown, NULL AS evidence, NULL AS locator, d.source_id AS sources,
           d.children_summed AS districts_summed, d.children_expected AS districts_expected
    FROM sums_of_children_for('sum_of_districts', $old_codes, $indicators, $year_from, $year_to, $sample) AS d
)
SELECT * FROM own
UNION ALL BY NAME
SELECT d.* FROM from_districts AS d
ANTI JOIN own AS o
  ON o.unit_code = d.unit_code AND o.indicator_code = d.indicator_code AND o.period_kind = d.period_kind
 AND o.period_end = d.period_end AND o.period_start IS NOT DISTINCT FROM d.period_start
ORDER BY indicator_code, unit_code, period_end, period_start NULLS FIRST
