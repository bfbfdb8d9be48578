-- (district, indicator, year) covered by real figures (is_sample = false): such cells get no sample.
-- A figure covers the calendar years its period overlaps; a stock, or a figure without a stated
-- start, covers the year of period_end; a total without a stated start covers every year up to
-- period_end (it may reach back that far). A province's figure covers all its districts;
-- a commune's figure covers its district.
CREATE OR REPLACE TEMP TABLE real_cover AS
WITH real_years AS (
    SELECT o.unit_code, o.unit_level, o.indicator_code,
           CASE WHEN o.period_start IS NOT NULL THEN year(o.period_start)
                WHEN o.period_kind = 'total' THEN 0
                ELSE year(o.period_end) END AS first_year,
           year(o.period_end) AS last_year
    FROM observations AS o
    WHERE NOT o.is_sample AND o.unit_level IN ('province', 'district', 'commune')
      AND o.period_end < DATE '2025-07-01'
    GROUP BY ALL
),
real_districts AS (
    SELECT d.code AS district_code, r.indicator_code, r.first_year, r.last_year
    FROM real_years AS r JOIN units AS d ON d.level = 'district' AND d.parent_code = r.unit_code
    WHERE r.unit_level = 'province'
    UNION ALL
    SELECT r.unit_code, r.indicator_code, r.first_year, r.last_year
    FROM real_years AS r WHERE r.unit_level = 'district'
    UNION ALL
    SELECT c.parent_code, r.indicator_code, r.first_year, r.last_year
    FROM real_years AS r JOIN units AS c ON c.level = 'commune' AND c.vintage = '2024' AND c.code = r.unit_code
    WHERE r.unit_level = 'commune'
)
SELECT DISTINCT district_code, indicator_code, first_year, last_year FROM real_districts
