-- Yearly figures per province and district, pre-aggregated for the pages (fast at national scale).
-- Reads the build's temporary table year_groups (etl/sql/year_groups.sql).
-- Rows within one calendar year only: flows ('total' with a start and an end in the same year) are
-- summed (months -> year); levels ('stock') take the value at the latest date of the year.
-- Multi-year and 'per_year' figures (the reports' totals over ten years) stay in observations.
-- basis: 'reported' = the unit's own figures; for additive indicators (aggregation 'sum') also
-- 'sum_of_communes' (district), 'sum_of_districts' (old province) and 'sum_of_provinces' (new
-- province), each summing the parts' own figure where one exists, else the parts' own sum, by the
-- rule of core.semantics.aggregation: the sum of the children that reported; `parts` of
-- `parts_expected` children (those valid on the period's last day, at the latest the reform's eve);
-- a sum missing some children is a lower bound (an exact qualifier becomes 'at_least').
-- Both a reported figure and the sum of parts can exist for a unit and year: pages show the gap.
-- qualifier of a sum: the weakest part's (qualifier_combine, core.semantics.qualifiers).
-- Real and sample figures are never summed together: is_sample is part of every key (the two modes
-- of the dashboard). A figure given by several sources counts once (year_groups reads counted rows);
-- conflict: the figure, or a part of the sum, is one that sources give differently.
CREATE OR REPLACE TABLE facts_yearly AS
WITH per_unit AS (
    SELECT u.code AS unit_code, u.level AS unit_level, u.vintage AS unit_vintage, u.province_code,
           u.province_2025_code, k.* EXCLUDE (qualifier_rank, last_rank),
           qualifier_of_rank(k.qualifier_rank) AS qualifier, qualifier_of_rank(k.last_rank) AS last_qualifier
    FROM year_groups AS k  -- the build's one pass over the figures (etl/sql/year_groups.sql)
    JOIN unit_context AS u ON u.unit_key = k.unit_key
),
own AS (  -- provinces' and districts' own figures
    SELECT unit_code, unit_level, unit_vintage, province_code, province_2025_code, indicator_code, breakdown, year,
           period_kind, value, qualifier, period_start, period_end, n_rows, is_sample,
           CASE WHEN source_lo = source_hi THEN any_source END AS source_id, conflict
    FROM per_unit
    WHERE unit_level IN ('province', 'district')
),
additive AS (SELECT code FROM indicators WHERE aggregation = 'sum'),
children AS (  -- each parent's children with their validity
    SELECT 'district' AS parent_level, parent_code, valid_from, valid_to
    FROM units WHERE level = 'commune' AND vintage = '2024'
    UNION ALL
    SELECT 'province63', parent_code, valid_from, valid_to FROM units WHERE level = 'district' AND vintage = '2024'
    UNION ALL
    SELECT 'province34', successor_code, valid_from, valid_to FROM units WHERE level = 'province' AND vintage = '63'
),
parents AS (SELECT parent_level, parent_code, list({'valid_from': valid_from, 'valid_to': valid_to}) AS spans
            FROM children GROUP BY ALL),
commune_parts AS (  -- per district, the sum of its communes: a flow's yearly sums, a level's latest values
    SELECT c.parent_code AS district_code, any_value(p.province_code) AS province_code,
           any_value(p.province_2025_code) AS province_2025_code, p.indicator_code, p.breakdown, p.year,
           p.period_kind, sum(p.value) AS value,
           child_sum_qualifier(p.part_qualifier, pa.spans, p.period_end) AS qualifier,
           child_sum_expected(pa.spans, p.period_end) AS parts_expected,
           min(p.period_start) AS period_start, max(p.period_end) AS period_end, sum(p.n_rows) AS n_rows,
           p.is_sample, min(p.source_lo) AS source_lo, max(p.source_hi) AS source_hi,
           any_value(p.any_source) AS any_source, count(*) AS parts, bool_or(p.conflict) AS conflict
    FROM (SELECT *, CASE WHEN period_kind = 'stock' THEN last_qualifier ELSE qualifier END AS part_qualifier
          FROM per_unit WHERE unit_level = 'commune' AND unit_vintage = '2024') AS p
    JOIN units AS c ON c.level = 'commune' AND c.vintage = '2024' AND c.code = p.unit_code
    LEFT JOIN parents AS pa ON pa.parent_level = 'district' AND pa.parent_code = c.parent_code
    WHERE p.indicator_code IN (SELECT code FROM additive)
    GROUP BY c.parent_code, p.indicator_code, p.breakdown, p.year, p.period_kind, p.is_sample
),
commune_sums AS (
    SELECT district_code AS unit_code, 'district' AS unit_level, '2024' AS unit_vintage, province_code,
           province_2025_code, indicator_code, breakdown, year, period_kind, value, qualifier, period_start,
           period_end, n_rows, is_sample, CASE WHEN source_lo = source_hi THEN any_source END AS source_id, parts,
           parts_expected, conflict
    FROM commune_parts
),
district_best AS (  -- each district's own figure, else the sum of its communes
    SELECT unit_code, province_code, province_2025_code, indicator_code, breakdown, year, period_kind, value,
           qualifier, period_start, period_end, n_rows, is_sample, source_id, conflict
    FROM own WHERE unit_level = 'district' AND indicator_code IN (SELECT code FROM additive)
    UNION ALL
    SELECT s.unit_code, s.province_code, s.province_2025_code, s.indicator_code, s.breakdown, s.year,
           s.period_kind, s.value, s.qualifier, s.period_start, s.period_end, s.n_rows, s.is_sample, s.source_id,
           s.conflict
    FROM commune_sums AS s
    ANTI JOIN own AS o ON o.unit_level = 'district' AND o.unit_code = s.unit_code
        AND o.indicator_code = s.indicator_code AND o.breakdown = s.breakdown AND o.year = s.year
        AND o.period_kind = s.period_kind AND o.is_sample = s.is_sample
),
district_sums AS (
    SELECT province_code AS unit_code, 'province' AS unit_level, '63' AS unit_vintage, province_code,
           any_value(province_2025_code) AS province_2025_code, indicator_code, breakdown, year, period_kind,
           sum(value) AS value,
           child_sum_qualifier(b.qualifier, pa.spans, b.period_end) AS qualifier,
           child_sum_expected(pa.spans, b.period_end) AS parts_expected,
           min(period_start) AS period_start, max(period_end) AS period_end, sum(n_rows) AS n_rows,
           is_sample,
           CASE WHEN min(source_id) = max(source_id) THEN min(source_id) END AS source_id,
           count(*) AS parts, bool_or(conflict) AS conflict
    FROM district_best AS b
    LEFT JOIN parents AS pa ON pa.parent_level = 'province63' AND pa.parent_code = b.province_code
    GROUP BY province_code, indicator_code, breakdown, year, period_kind, is_sample
),
province_best AS (  -- each old province's own figure, else the sum of its districts
    SELECT unit_code, province_2025_code, indicator_code, breakdown, year, period_kind, value, qualifier,
           period_start, period_end, n_rows, is_sample, source_id, conflict
    FROM own
    WHERE unit_level = 'province' AND unit_vintage = '63' AND indicator_code IN (SELECT code FROM additive)
    UNION ALL
    SELECT s.unit_code, s.province_2025_code, s.indicator_code, s.breakdown, s.year, s.period_kind, s.value,
           s.qualifier, s.period_start, s.period_end, s.n_rows, s.is_sample, s.source_id, s.conflict
    FROM district_sums AS s
    ANTI JOIN own AS o ON o.unit_level = 'province' AND o.unit_vintage = '63' AND o.unit_code = s.unit_code
        AND o.indicator_code = s.indicator_code AND o.breakdown = s.breakdown AND o.year = s.year
        AND o.period_kind = s.period_kind AND o.is_sample = s.is_sample
),
province_sums AS (
    SELECT province_2025_code AS unit_code, 'province' AS unit_level, '34' AS unit_vintage,
           NULL::VARCHAR AS province_code, province_2025_code, indicator_code, breakdown, year, period_kind,
           sum(value) AS value,
           child_sum_qualifier(b.qualifier, pa.spans, b.period_end) AS qualifier,
           child_sum_expected(pa.spans, b.period_end) AS parts_expected,
           min(period_start) AS period_start, max(period_end) AS period_end, sum(n_rows) AS n_rows,
           is_sample,
           CASE WHEN min(source_id) = max(source_id) THEN min(source_id) END AS source_id,
           count(*) AS parts, bool_or(conflict) AS conflict
    FROM province_best AS b
    LEFT JOIN parents AS pa ON pa.parent_level = 'province34' AND pa.parent_code = b.province_2025_code
    GROUP BY province_2025_code, indicator_code, breakdown, year, period_kind, is_sample
),
SELECT unit_code, unit_level, unit_vintage, province_code, province_2025_code, indicator_code, breakdown, year,
       period_kind, basis, value, qualifier, period_start, period_end, parts, parts_expected, n_rows, is_sample,
       source_id, conflict
FROM (
    SELECT *, 'reported' AS basis, NULL::BIGINT AS parts, NULL::BIGINT AS parts_expected FROM own WHERE unit_level IN ('province', 'district')
    UNION ALL BY NAME SELECT *, 'sum_of_communes' AS basis FROM commune_sums
    UNION ALL BY NAME SELECT *, 'sum_of_districts' AS basis FROM district_sums
    UNION ALL BY NAME SELECT *, 'sum_of_provinces' AS basis FROM province_sums
)
ORDER BY indicator_code, unit_level, unit_vintage, year, unit_code, breakdown, basis, is_sample
