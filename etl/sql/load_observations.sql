-- Typed observations joined to the unit version valid at period_end.
-- unit_valid_from and the *_given flags serve the rules (etl/sql/rules) and are dropped after them.
CREATE TABLE observations AS
WITH unit_keys AS (  -- each unit version with its old (63) province: communes through their district
    SELECT u.code, u.level, u.vintage, u.valid_from, u.valid_to, u.province_2025_code,
           CASE WHEN u.level = 'district' THEN u.parent_code WHEN u.level = 'commune' THEN d.parent_code
                WHEN u.vintage = '63' THEN u.code END AS province_code
    FROM units AS u
    LEFT JOIN units AS d ON u.level = 'commune' AND d.level = 'district' AND d.code = u.parent_code
),
typed AS (
    SELECT
        r.input_file,
        r.input_row,
        coalesce(nullif(trim(CAST(r.unit_code AS VARCHAR)), ''), nm.unit_code) AS unit_code,
        nullif(trim(CAST(r.unit_name AS VARCHAR)), '') AS unit_name,
        trim(CAST(r.indicator_code AS VARCHAR)) AS indicator_code,
        coalesce(trim(CAST(r.breakdown AS VARCHAR)), '') AS breakdown,
        TRY_CAST(r.period_start AS DATE) AS period_start,
        TRY_CAST(r.period_end AS DATE) AS period_end,
        trim(CAST(r.period_kind AS VARCHAR)) AS period_kind,
        TRY_CAST(r.value AS DOUBLE) AS value,
        trim(CAST(r.qualifier AS VARCHAR)) AS qualifier,
        trim(CAST(r.source_id AS VARCHAR)) AS source_id,
        CAST(r.evidence AS VARCHAR) AS evidence,
        CAST(r.locator AS VARCHAR) AS locator,
        coalesce(TRY_CAST(r.is_sample AS BOOLEAN), false) AS is_sample,
        r.value IS NOT NULL AS value_given,
        r.period_start IS NOT NULL AS period_start_given,
        r.period_end IS NOT NULL AS period_end_given
    FROM raw_input AS r
    LEFT JOIN unit_names AS nm
        ON nm.unit_name = trim(CAST(r.unit_name AS VARCHAR))
        AND nm.post_reform = (TRY_CAST(r.period_end AS DATE) >= DATE '2025-07-01')
)
SELECT
    t.unit_code,
    u.level AS unit_level,
    u.vintage AS unit_vintage,
    u.province_code,
    u.province_2025_code,
    u.valid_from AS unit_valid_from,
    t.indicator_code,
    t.breakdown,
    t.period_start,
    t.period_end,
    t.period_kind,
    CASE WHEN t.period_start IS NOT NULL
        THEN round((date_diff('day', t.period_start, t.period_end) + 1) / 365.25, 3) END AS period_years,
    t.value,
    t.qualifier,
    t.source_id,
    t.evidence,
    t.locator,
    t.is_sample,
    t.unit_name,
    t.input_file,
    t.input_row,
    -- whether the input cell was filled: for the rules only, dropped after them
    t.value_given,
    t.period_start_given,
    t.period_end_given
FROM typed AS t
LEFT JOIN unit_keys AS u
    ON u.code = t.unit_code
    AND t.period_end BETWEEN coalesce(u.valid_from, DATE '0001-01-01') AND coalesce(u.valid_to, DATE '9999-12-31')
