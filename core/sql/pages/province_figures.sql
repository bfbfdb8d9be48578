-- Province-level figures, one row per (unit, indicator, period, source):
--  * basis 'reported': the province's own figures (observations at province level). Breakdowns of
--    an additive indicator (e.g. awards by awarding body) are summed within one source and period;
--    those of a non-additive indicator stay separate rows.
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
WITH own AS (
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
        qualifier_combine(o.qualifier) AS qualifier,
        o.source_id,
        bool_or(o.is_sample) AS is_sample,
        count(*) AS parts,
        string_agg(o.evidence, ' | ' ORDER BY o.breakdown) AS evidence,
        string_agg(DISTINCT o.locator, ', ') AS locator,
        'reported' AS basis,
        NULL::BIGINT AS districts_summed,
        NULL::BIGINT AS districts_expected,
        CASE WHEN bool_or(o.agreement = 'conflict') THEN 'conflict'
             WHEN bool_or(o.agreement = 'corroborated') THEN 'corroborated' ELSE '' END AS agreement,
        string_agg(DISTINCT o.sources, ',') AS sources
    FROM observations AS o
    JOIN indicators AS i ON i.code = o.indicator_code
    WHERE o.unit_level = 'province'
      AND ((o.unit_vintage = '63' AND list_contains($old_codes, o.unit_code))
           OR (o.unit_vintage = '34' AND list_contains($new_codes, o.unit_code)))
      AND list_contains($indicators, o.indicator_code)
      AND year(o.period_end) BETWEEN $year_from AND $year_to
      AND o.is_sample = $sample AND o.counted
    GROUP BY ALL
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
