-- Yearly figures per province and district, pre-aggregated for the pages (fast at national scale).
-- Reads the build's temporary table year_groups (core/sql/intake/year_groups.sql). Steps through
-- temporary tables and views (fy_*, dropped at the end) so that one statement sums children into
-- parents at both upper levels (fy_child_sums: districts -> old province, old provinces -> new province).
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
CREATE OR REPLACE TEMP VIEW fy_per_unit AS  -- read twice, for a few levels each: not stored
    SELECT u.code AS unit_code, u.level AS unit_level, u.vintage AS unit_vintage, u.province_code,
           u.province_2025_code, k.* EXCLUDE (qualifier_rank, last_rank),
           qualifier_of_rank(k.qualifier_rank) AS qualifier, qualifier_of_rank(k.last_rank) AS last_qualifier,
           s.source_id AS any_source  -- the one source of the group (none when several)
    FROM year_groups AS k  -- the build's one pass over the figures (core/sql/intake/year_groups.sql)
    JOIN unit_context AS u ON u.unit_key = k.unit_key
    LEFT JOIN (SELECT hash(source_id) AS h, min(source_id) AS source_id FROM sources GROUP BY h) AS s
        ON s.h = k.source_lo AND k.source_lo = k.source_hi;

CREATE OR REPLACE TEMP TABLE fy_own AS  -- provinces' and districts' own figures
    SELECT unit_code, unit_level, unit_vintage, province_code, province_2025_code, indicator_code, breakdown, year,
           period_kind, value, qualifier, period_start, period_end, n_rows, is_sample,
           CASE WHEN source_lo = source_hi THEN any_source END AS source_id, conflict
    FROM fy_per_unit
    WHERE unit_level IN ('province', 'district');

CREATE OR REPLACE TEMP TABLE fy_parents AS  -- each parent's children's validity
WITH children AS (
    SELECT 'district' AS parent_level, parent_code, valid_from, valid_to
    FROM units WHERE level = 'commune' AND vintage = '2024'
    UNION ALL
    SELECT 'province63', parent_code, valid_from, valid_to FROM units WHERE level = 'district' AND vintage = '2024'
    UNION ALL
    SELECT 'province34', successor_code, valid_from, valid_to FROM units WHERE level = 'province' AND vintage = '63'
)
SELECT parent_level, parent_code, list({'valid_from': valid_from, 'valid_to': valid_to}) AS spans
FROM children GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE fy_commune_sums AS  -- per district, the sum of its communes
WITH commune_parts AS (  -- summed first; the district's children (spans) joined to the sums
    SELECT c.parent_code AS district_code, any_value(p.province_code) AS province_code,
           any_value(p.province_2025_code) AS province_2025_code, p.indicator_code, p.breakdown, p.year,
           p.period_kind, sum(p.value) AS value, qualifier_combine(p.part_qualifier) AS qualifier,
           min(p.period_start) AS period_start, max(p.period_end) AS period_end, sum(p.n_rows) AS n_rows,
           p.is_sample, min(p.source_lo) AS source_lo, max(p.source_hi) AS source_hi,
           any_value(p.any_source) AS any_source, count(*) AS parts, bool_or(p.conflict) AS conflict
    FROM (SELECT *, CASE WHEN period_kind = 'stock' THEN last_qualifier ELSE qualifier END AS part_qualifier
          FROM fy_per_unit WHERE unit_level = 'commune' AND unit_vintage = '2024') AS p
    JOIN units AS c ON c.level = 'commune' AND c.vintage = '2024' AND c.code = p.unit_code
    WHERE p.indicator_code IN (SELECT code FROM indicators WHERE aggregation = 'sum')
    GROUP BY c.parent_code, p.indicator_code, p.breakdown, p.year, p.period_kind, p.is_sample
)
    SELECT s.district_code AS unit_code, 'district' AS unit_level, '2024' AS unit_vintage, s.province_code,
           s.province_2025_code, s.indicator_code, s.breakdown, s.year, s.period_kind, s.value,
           child_sum_qualifier(s.qualifier, s.parts, pa.spans, s.period_end) AS qualifier, s.period_start,
           s.period_end, s.n_rows, s.is_sample, CASE WHEN s.source_lo = s.source_hi THEN s.any_source END AS source_id,
           s.parts, child_sum_expected(s.parts, pa.spans, s.period_end) AS parts_expected, s.conflict
    FROM commune_parts AS s
    LEFT JOIN fy_parents AS pa ON pa.parent_level = 'district' AND pa.parent_code = s.district_code;

-- The parts summed into a parent (parent_level 'province63': a district's own figure, else the sum of
-- its communes; 'province34': an old province's own figure, else the sum of its districts) and the
-- one statement that sums them by the rule of core.semantics.aggregation.
CREATE OR REPLACE TEMP TABLE fy_parts AS
SELECT 'province63' AS parent_level, province_code AS parent_code, *
FROM (
    SELECT unit_code, province_code, province_2025_code, indicator_code, breakdown, year, period_kind, value,
           qualifier, period_start, period_end, n_rows, is_sample, source_id, conflict
    FROM fy_own WHERE unit_level = 'district' AND indicator_code IN (SELECT code FROM indicators WHERE aggregation = 'sum')
    UNION ALL
    SELECT s.unit_code, s.province_code, s.province_2025_code, s.indicator_code, s.breakdown, s.year,
           s.period_kind, s.value, s.qualifier, s.period_start, s.period_end, s.n_rows, s.is_sample, s.source_id,
           s.conflict
    FROM fy_commune_sums AS s
    ANTI JOIN fy_own AS o ON o.unit_level = 'district' AND o.unit_code = s.unit_code
        AND o.indicator_code = s.indicator_code AND o.breakdown = s.breakdown AND o.year = s.year
        AND o.period_kind = s.period_kind AND o.is_sample = s.is_sample
);

CREATE OR REPLACE TEMP MACRO fy_child_sums(level) AS TABLE
WITH summed AS (  -- summed first; the parent's children (spans) joined to the sums
    SELECT b.parent_code AS unit_code, any_value(b.province_2025_code) AS province_2025_code, b.indicator_code,
           b.breakdown, b.year, b.period_kind, sum(b.value) AS value, qualifier_combine(b.qualifier) AS qualifier,
           min(b.period_start) AS period_start, max(b.period_end) AS period_end, sum(b.n_rows) AS n_rows,
           b.is_sample, CASE WHEN min(b.source_id) = max(b.source_id) THEN min(b.source_id) END AS source_id,
           count(*) AS parts, bool_or(b.conflict) AS conflict
    FROM fy_parts AS b
    WHERE b.parent_level = level
    GROUP BY b.parent_code, b.indicator_code, b.breakdown, b.year, b.period_kind, b.is_sample
)
SELECT s.unit_code, s.province_2025_code, s.indicator_code, s.breakdown, s.year, s.period_kind, s.value,
       child_sum_qualifier(s.qualifier, s.parts, pa.spans, s.period_end) AS qualifier,
       child_sum_expected(s.parts, pa.spans, s.period_end) AS parts_expected,
       s.period_start, s.period_end, s.n_rows, s.is_sample, s.source_id, s.parts, s.conflict
FROM summed AS s
LEFT JOIN fy_parents AS pa ON pa.parent_level = level AND pa.parent_code = s.unit_code;

CREATE OR REPLACE TEMP TABLE fy_district_sums AS
SELECT *, 'province' AS unit_level, '63' AS unit_vintage, unit_code AS province_code
FROM fy_child_sums('province63');

INSERT INTO fy_parts BY NAME
SELECT 'province34' AS parent_level, province_2025_code AS parent_code, *
FROM (
    SELECT unit_code, province_2025_code, indicator_code, breakdown, year, period_kind, value, qualifier,
           period_start, period_end, n_rows, is_sample, source_id, conflict
    FROM fy_own
    WHERE unit_level = 'province' AND unit_vintage = '63' AND indicator_code IN (SELECT code FROM indicators WHERE aggregation = 'sum')
    UNION ALL
    SELECT s.unit_code, s.province_2025_code, s.indicator_code, s.breakdown, s.year, s.period_kind, s.value,
           s.qualifier, s.period_start, s.period_end, s.n_rows, s.is_sample, s.source_id, s.conflict
    FROM fy_district_sums AS s
    ANTI JOIN fy_own AS o ON o.unit_level = 'province' AND o.unit_vintage = '63' AND o.unit_code = s.unit_code
        AND o.indicator_code = s.indicator_code AND o.breakdown = s.breakdown AND o.year = s.year
        AND o.period_kind = s.period_kind AND o.is_sample = s.is_sample
);

CREATE OR REPLACE TABLE facts_yearly AS
WITH province_sums AS (
    SELECT *, 'province' AS unit_level, '34' AS unit_vintage, NULL::VARCHAR AS province_code
    FROM fy_child_sums('province34')
)
SELECT unit_code, unit_level, unit_vintage, province_code, province_2025_code, indicator_code, breakdown, year,
       period_kind, basis, value, qualifier, period_start, period_end, parts, parts_expected, n_rows, is_sample,
       source_id, conflict
FROM (
    SELECT *, 'reported' AS basis, NULL::BIGINT AS parts, NULL::BIGINT AS parts_expected FROM fy_own
    UNION ALL BY NAME SELECT *, 'sum_of_communes' AS basis FROM fy_commune_sums
    UNION ALL BY NAME SELECT *, 'sum_of_districts' AS basis FROM fy_district_sums
    UNION ALL BY NAME SELECT *, 'sum_of_provinces' AS basis FROM province_sums
)
ORDER BY indicator_code, unit_level, unit_vintage, year, unit_code, breakdown, basis, is_sample;

DROP TABLE fy_parts;
DROP TABLE fy_district_sums;
DROP MACRO TABLE fy_child_sums;
DROP TABLE fy_commune_sums;
DROP TABLE fy_parents;
DROP TABLE fy_own;
DROP VIEW fy_per_unit;
