-- The sum of each old province's districts ('sum_of_districts') and of each district's communes
-- ('sum_of_communes') per indicator and period (mart facts_yearly, its breakdowns summed), additive
-- indicators only: the one figure that the comparison page (core/sql/pages/province_figures.sql),
-- the districts page (core/sql/pages/district_figures.sql) and the map (core/sql/map/indicator_year.sql)
-- show for a unit without its own figure. children_summed of children_expected: the rule of
-- core.semantics.aggregation (a sum missing children is a lower bound).
CREATE OR REPLACE VIEW sums_of_children AS
SELECT
    f.unit_code,
    f.basis,
    any_value(f.province_code) AS province_code,
    any_value(f.province_2025_code) AS province_2025_code,
    f.indicator_code,
    f.year,
    f.period_start,
    f.period_end,
    f.period_kind,
    period_years(f.period_start, f.period_end) AS period_years,
    sum(f.value) AS value,
    qualifier_combine(f.qualifier) AS qualifier,
    coalesce(string_agg(DISTINCT f.source_id, ','), '') AS source_id,
    f.is_sample,
    count(*) AS parts,
    max(f.parts) AS children_summed,
    max(f.parts_expected) AS children_expected,
    CASE WHEN bool_or(f.conflict) THEN 'conflict' ELSE '' END AS agreement
FROM facts_yearly AS f
JOIN indicators AS i ON i.code = f.indicator_code AND i.aggregation = 'sum'
WHERE (f.basis = 'sum_of_districts' AND f.unit_vintage = '63') OR f.basis = 'sum_of_communes'
GROUP BY f.unit_code, f.basis, f.indicator_code, f.year, f.period_start, f.period_end, f.period_kind, f.is_sample
;
-- The sums of one basis for some units (their own codes, or their old province's), indicators, years
-- of period_end and mode ($sample): read by the pages' and the map's queries.
CREATE OR REPLACE MACRO sums_of_children_for(of_basis, codes, inds, year_from, year_to, sample) AS TABLE
    SELECT * FROM sums_of_children
    WHERE basis = of_basis AND (list_contains(codes, unit_code) OR list_contains(codes, province_code))
      AND list_contains(inds, indicator_code) AND year BETWEEN year_from AND year_to AND is_sample = sample
