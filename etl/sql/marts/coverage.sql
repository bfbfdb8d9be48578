-- Model coverage per unit and year, for the maps and pages (the contract the pages read):
--   unit_code, unit_level ('province' | 'district'), vintage ('63' | '34' | '2024'), year,
--   communes (communes of the unit in the register), communes_with_active_model,
--   coverage_pct (share of communes with >= 1 active model, 0-100; NULL without communes),
--   active_models, models_per_10k (per 10.000 inhabitants of the 2019 census; NULL when unknown),
--   model_types (distinct types of active models), households_in_groups_pct (the unit's own figure,
--   real before sample; for provinces without one, the households-weighted mean of their districts'
--   or old provinces' figures; else NULL), is_sample: the mode the row belongs to.
-- Two modes, never mixed: rows with is_sample = false count only real models and real figures, rows
-- with is_sample = true only sample ones. A unit with no model of a mode's register (in any year)
-- has NULL model measures in that mode ("no data", never 0).
-- Years: from the first year_started (not before 2013) to 2024; none when the register is empty.
-- A model is active in year Y when year_started <= Y and (year_ended IS NULL OR Y < year_ended).
CREATE OR REPLACE TABLE coverage AS
WITH years AS (
    SELECT CAST(unnest(range(lo, 2025)) AS INTEGER) AS year
    FROM (SELECT greatest(min(year_started), 2013) AS lo FROM models HAVING count(*) > 0)
),
commune_units AS (
    SELECT c.code AS commune_code, d.code AS unit_code, 'district' AS unit_level, '2024' AS vintage
    FROM units AS c JOIN units AS d ON d.level = 'district' AND d.code = c.parent_code
    WHERE c.level = 'commune'
    UNION ALL
    SELECT c.code, d.parent_code, 'province', '63'
    FROM units AS c JOIN units AS d ON d.level = 'district' AND d.code = c.parent_code
    WHERE c.level = 'commune'
    UNION ALL
    SELECT c.code, c.province_2025_code, 'province', '34' FROM units AS c
    WHERE c.level = 'commune' AND c.vintage = '2024'
),
model_units AS (
    SELECT model_id, district_code AS unit_code, 'district' AS unit_level, '2024' AS vintage
    FROM models WHERE district_code IS NOT NULL
    UNION ALL
    SELECT model_id, province_code, 'province', '63' FROM models WHERE province_code IS NOT NULL
    UNION ALL
    SELECT model_id, province_2025_code, 'province', '34' FROM models WHERE province_2025_code IS NOT NULL
),
modes AS (SELECT unnest([false, true]) AS is_sample),
counted AS (  -- models started by year Y (any status), with whether they are active in Y
    SELECT y.year, m.model_id, m.commune_code, m.type_code, m.is_sample,
           (m.year_ended IS NULL OR y.year < m.year_ended) AS active
    FROM models AS m JOIN years AS y ON m.year_started <= y.year
),
registered AS (  -- units with at least one model of a mode's register
    SELECT DISTINCT mu.unit_code, mu.unit_level, mu.vintage, m.is_sample
    FROM models AS m JOIN model_units AS mu USING (model_id)
),
unit_models AS (
    SELECT mu.unit_code, mu.unit_level, mu.vintage, c.year, c.is_sample,
           count(*) FILTER (WHERE c.active) AS active_models,
           count(DISTINCT c.type_code) FILTER (WHERE c.active) AS model_types
    FROM counted AS c JOIN model_units AS mu USING (model_id)
    GROUP BY ALL
),
communes_active AS (
    SELECT cu.unit_code, cu.unit_level, cu.vintage, c.year, c.is_sample, count(DISTINCT c.commune_code) AS n
    FROM counted AS c JOIN commune_units AS cu ON cu.commune_code = c.commune_code
    WHERE c.active
    GROUP BY ALL
),
unit_communes AS (
    SELECT unit_code, unit_level, vintage, count(*) AS communes FROM commune_units GROUP BY ALL
),
hh_own AS (  -- the unit's own figure for the year, per mode: the latest date
    SELECT unit_code, unit_level, unit_vintage AS vintage, year(period_end) AS year, is_sample,
           arg_max(value, period_end) AS value
    FROM observations
    WHERE indicator_code = 'households_in_groups_pct' AND breakdown = '' AND period_kind IN ('stock', 'per_year')
      AND unit_level IN ('province', 'district') AND counted
    GROUP BY ALL
),
hh_63_from_districts AS (
    SELECT d.parent_code AS unit_code, h.year, h.is_sample,
           sum(h.value * coalesce(p.households, 1)) / sum(coalesce(p.households, 1)) AS value
    FROM hh_own AS h
    JOIN units AS d ON d.level = 'district' AND d.code = h.unit_code
    LEFT JOIN population AS p ON p.unit_code = h.unit_code AND p.level = 'district' AND p.vintage = '2024'
    WHERE h.unit_level = 'district'
    GROUP BY ALL
),
hh_63 AS (
    SELECT unit_code, year, value, is_sample FROM hh_own WHERE unit_level = 'province' AND vintage = '63'
    UNION ALL
    SELECT f.unit_code, f.year, f.value, f.is_sample FROM hh_63_from_districts AS f
    WHERE NOT EXISTS (SELECT 1 FROM hh_own AS o WHERE o.unit_level = 'province' AND o.vintage = '63'
                      AND o.unit_code = f.unit_code AND o.year = f.year AND o.is_sample = f.is_sample)
),
hh_34 AS (
    SELECT o.successor_code AS unit_code, h.year, h.is_sample,
           sum(h.value * coalesce(p.households, 1)) / sum(coalesce(p.households, 1)) AS value
    FROM hh_63 AS h
    JOIN units AS o ON o.level = 'province' AND o.vintage = '63' AND o.code = h.unit_code
    LEFT JOIN population AS p ON p.unit_code = h.unit_code AND p.level = 'province' AND p.vintage = '63'
    GROUP BY ALL
),
hh AS (
    SELECT unit_code, 'district' AS unit_level, '2024' AS vintage, year, value, is_sample
    FROM hh_own WHERE unit_level = 'district'
    UNION ALL SELECT unit_code, 'province', '63', year, value, is_sample FROM hh_63
    UNION ALL SELECT unit_code, 'province', '34', year, value, is_sample FROM hh_34
),
all_units AS (
    SELECT DISTINCT code AS unit_code, level AS unit_level, vintage FROM units WHERE level IN ('province', 'district')
)
SELECT u.unit_code, u.unit_level, u.vintage, y.year,
       coalesce(uc.communes, 0) AS communes,
       CASE WHEN r.unit_code IS NOT NULL THEN coalesce(ca.n, 0) END AS communes_with_active_model,
       CASE WHEN r.unit_code IS NOT NULL AND uc.communes > 0 THEN 100.0 * coalesce(ca.n, 0) / uc.communes
            END AS coverage_pct,
       CASE WHEN r.unit_code IS NOT NULL THEN coalesce(um.active_models, 0) END AS active_models,
       CASE WHEN r.unit_code IS NOT NULL AND p.population > 0 THEN coalesce(um.active_models, 0) * 10000.0
            / p.population END AS models_per_10k,
       CASE WHEN r.unit_code IS NOT NULL THEN coalesce(um.model_types, 0) END AS model_types,
       hh.value AS households_in_groups_pct,
       m.is_sample
FROM all_units AS u
CROSS JOIN years AS y
CROSS JOIN modes AS m
LEFT JOIN registered AS r USING (unit_code, unit_level, vintage, is_sample)
LEFT JOIN unit_communes AS uc USING (unit_code, unit_level, vintage)
LEFT JOIN communes_active AS ca USING (unit_code, unit_level, vintage, year, is_sample)
LEFT JOIN unit_models AS um USING (unit_code, unit_level, vintage, year, is_sample)
LEFT JOIN hh USING (unit_code, unit_level, vintage, year, is_sample)
LEFT JOIN population AS p ON p.unit_code = u.unit_code AND p.level = u.unit_level AND p.vintage = u.vintage
ORDER BY u.unit_level DESC, u.vintage, u.unit_code, y.year, m.is_sample
