-- Yearly figures per province and district, pre-aggregated for the pages (fast at national scale).
-- Rows within one calendar year only: flows ('total' with a start and an end in the same year) are
-- summed (months -> year); levels ('stock') take the value at the latest date of the year.
-- Multi-year and 'per_year' figures (the reports' totals over ten years) stay in observations.
-- basis: 'reported' = the unit's own figures; for additive indicators (aggregation 'sum') also
-- 'sum_of_communes' (district), 'sum_of_districts' (old province) and 'sum_of_provinces' (new
-- province), each summing the parts' own figure where one exists, else the parts' own sum.
-- Both a reported figure and the sum of parts can exist for a unit and year: pages show the gap.
-- qualifier of a sum: 'about' if any part is about, else 'at_least' if any part is, else 'exact'.
CREATE OR REPLACE TABLE facts_yearly AS
WITH rows_in_year AS (
    SELECT o.unit_code, o.unit_level, o.unit_vintage, o.province_code, o.province_2025_code,
           o.indicator_code, o.breakdown, year(o.period_end) AS year, o.period_kind, o.period_start,
           o.period_end, o.value, o.qualifier, o.is_sample, o.source_id
    FROM observations AS o
    WHERE o.period_kind = 'stock'
       OR (o.period_kind = 'total' AND year(o.period_start) = year(o.period_end))
),
own AS (  -- provinces' and districts' own figures
    SELECT unit_code, any_value(unit_level) AS unit_level, unit_vintage, any_value(province_code) AS province_code,
           any_value(province_2025_code) AS province_2025_code, indicator_code, breakdown, year, period_kind,
           CASE WHEN period_kind = 'total' THEN sum(value) ELSE arg_max(value, period_end) END AS value,
           CASE WHEN bool_or(qualifier = 'about') THEN 'about' WHEN bool_or(qualifier = 'at_least') THEN 'at_least'
                ELSE 'exact' END AS qualifier,
           min(period_start) AS period_start, max(period_end) AS period_end,
           count(*) AS n_rows, bool_or(is_sample) AS is_sample,
           CASE WHEN min(source_id) = max(source_id) THEN min(source_id) END AS source_id
    FROM rows_in_year
    WHERE unit_level IN ('province', 'district')
    GROUP BY unit_code, unit_vintage, indicator_code, breakdown, year, period_kind  -- a code and vintage name one unit
),
additive AS (SELECT code FROM indicators WHERE aggregation = 'sum'),
commune_rows AS (  -- communes' rows of additive indicators; a level (stock) counts at the commune's latest date
    SELECT r.*, c.parent_code AS district_code
    FROM rows_in_year AS r
    JOIN units AS c ON c.level = 'commune' AND c.code = r.unit_code
    WHERE r.unit_level = 'commune' AND r.indicator_code IN (SELECT code FROM additive)
),
commune_levels AS (
    SELECT district_code, any_value(province_code) AS province_code, any_value(province_2025_code) AS province_2025_code,
           indicator_code, breakdown, year, period_kind, arg_max(value, period_end) AS value,
           arg_max(qualifier, period_end) AS qualifier, min(period_start) AS period_start,
           max(period_end) AS period_end, count(*) AS n_rows, bool_or(is_sample) AS is_sample,
           min(source_id) AS min_source, max(source_id) AS max_source
    FROM commune_rows
    WHERE period_kind = 'stock'
    GROUP BY unit_code, district_code, indicator_code, breakdown, year, period_kind
),
commune_parts AS (  -- per district: flows summed directly, levels from commune_levels
    SELECT district_code, any_value(province_code) AS province_code,
           any_value(province_2025_code) AS province_2025_code, indicator_code, breakdown, year, period_kind,
           sum(value) AS value,
           CASE WHEN bool_or(qualifier = 'about') THEN 'about' WHEN bool_or(qualifier = 'at_least')
                THEN 'at_least' ELSE 'exact' END AS qualifier,
           min(period_start) AS period_start, max(period_end) AS period_end, count(*) AS n_rows,
           bool_or(is_sample) AS is_sample, min(source_id) AS min_source, max(source_id) AS max_source,
           count(DISTINCT unit_code) AS parts
    FROM commune_rows
    WHERE period_kind = 'total'
    GROUP BY district_code, indicator_code, breakdown, year, period_kind
    UNION ALL
    SELECT district_code, any_value(province_code), any_value(province_2025_code), indicator_code, breakdown, year,
           period_kind, sum(value),
           CASE WHEN bool_or(qualifier = 'about') THEN 'about' WHEN bool_or(qualifier = 'at_least')
                THEN 'at_least' ELSE 'exact' END,
           min(period_start), max(period_end), sum(n_rows), bool_or(is_sample), min(min_source), max(max_source),
           count(*)
    FROM commune_levels
    GROUP BY district_code, indicator_code, breakdown, year, period_kind
),
commune_sums AS (
    SELECT district_code AS unit_code, 'district' AS unit_level, '2024' AS unit_vintage, province_code,
           province_2025_code, indicator_code, breakdown, year, period_kind, value, qualifier, period_start,
           period_end, n_rows, is_sample, CASE WHEN min_source = max_source THEN min_source END AS source_id, parts
    FROM commune_parts
),
district_best AS (  -- each district's own figure, else the sum of its communes
    SELECT unit_code, province_code, province_2025_code, indicator_code, breakdown, year, period_kind, value,
           qualifier, period_start, period_end, n_rows, is_sample, source_id
    FROM own WHERE unit_level = 'district' AND indicator_code IN (SELECT code FROM additive)
    UNION ALL
    SELECT s.unit_code, s.province_code, s.province_2025_code, s.indicator_code, s.breakdown, s.year,
           s.period_kind, s.value, s.qualifier, s.period_start, s.period_end, s.n_rows, s.is_sample, s.source_id
    FROM commune_sums AS s
    ANTI JOIN own AS o ON o.unit_level = 'district' AND o.unit_code = s.unit_code
        AND o.indicator_code = s.indicator_code AND o.breakdown = s.breakdown AND o.year = s.year
        AND o.period_kind = s.period_kind
),
district_sums AS (
    SELECT province_code AS unit_code, 'province' AS unit_level, '63' AS unit_vintage, province_code,
           any_value(province_2025_code) AS province_2025_code, indicator_code, breakdown, year, period_kind,
           sum(value) AS value,
           CASE WHEN bool_or(qualifier = 'about') THEN 'about' WHEN bool_or(qualifier = 'at_least')
                THEN 'at_least' ELSE 'exact' END AS qualifier,
           min(period_start) AS period_start, max(period_end) AS period_end, sum(n_rows) AS n_rows,
           bool_or(is_sample) AS is_sample,
           CASE WHEN min(source_id) = max(source_id) THEN min(source_id) END AS source_id,
           count(*) AS parts
    FROM district_best
    GROUP BY province_code, indicator_code, breakdown, year, period_kind
),
province_best AS (  -- each old province's own figure, else the sum of its districts
    SELECT unit_code, province_2025_code, indicator_code, breakdown, year, period_kind, value, qualifier,
           period_start, period_end, n_rows, is_sample, source_id
    FROM own
    WHERE unit_level = 'province' AND unit_vintage = '63' AND indicator_code IN (SELECT code FROM additive)
    UNION ALL
    SELECT s.unit_code, s.province_2025_code, s.indicator_code, s.breakdown, s.year, s.period_kind, s.value,
           s.qualifier, s.period_start, s.period_end, s.n_rows, s.is_sample, s.source_id
    FROM district_sums AS s
    ANTI JOIN own AS o ON o.unit_level = 'province' AND o.unit_vintage = '63' AND o.unit_code = s.unit_code
        AND o.indicator_code = s.indicator_code AND o.breakdown = s.breakdown AND o.year = s.year
        AND o.period_kind = s.period_kind
),
province_sums AS (
    SELECT province_2025_code AS unit_code, 'province' AS unit_level, '34' AS unit_vintage,
           NULL::VARCHAR AS province_code, province_2025_code, indicator_code, breakdown, year, period_kind,
           sum(value) AS value,
           CASE WHEN bool_or(qualifier = 'about') THEN 'about' WHEN bool_or(qualifier = 'at_least')
                THEN 'at_least' ELSE 'exact' END AS qualifier,
           min(period_start) AS period_start, max(period_end) AS period_end, sum(n_rows) AS n_rows,
           bool_or(is_sample) AS is_sample,
           CASE WHEN min(source_id) = max(source_id) THEN min(source_id) END AS source_id,
           count(*) AS parts
    FROM province_best
    GROUP BY province_2025_code, indicator_code, breakdown, year, period_kind
)
SELECT unit_code, unit_level, unit_vintage, province_code, province_2025_code, indicator_code, breakdown, year,
       period_kind, basis, value, qualifier, period_start, period_end, parts, n_rows, is_sample, source_id
FROM (
    SELECT *, 'reported' AS basis, NULL::BIGINT AS parts FROM own WHERE unit_level IN ('province', 'district')
    UNION ALL BY NAME SELECT *, 'sum_of_communes' AS basis FROM commune_sums
    UNION ALL BY NAME SELECT *, 'sum_of_districts' AS basis FROM district_sums
    UNION ALL BY NAME SELECT *, 'sum_of_provinces' AS basis FROM province_sums
)
ORDER BY indicator_code, unit_level, unit_vintage, year, unit_code, breakdown, basis
