-- Input rows, typed (the column list: core/intake/staging.py typed_columns), with the key of the unit version valid
-- at period_end (unit_context). Pages read them through the view `observations`, which adds what the
-- key and the dates give (the unit's code, level and provinces, the period's length in years).
-- The *_given flags serve the rules (core/sql/intake/rules) and are dropped after them. input_row (the row in
-- its file) and unit_code are kept only when the rules need them for their messages ({stored}: `t.*` or
-- `t.* EXCLUDE (unit_code)`; a row whose unit has no key is always reported, see core/intake/check.py).
CREATE TABLE observation_rows AS
WITH typed AS (
    SELECT
        r.file_index,
        {typed}
    FROM raw_input AS r
    LEFT JOIN unit_names AS nm
        ON nm.unit_name = trim(CAST(r.unit_name AS VARCHAR))
        AND nm.post_reform = after_reform(TRY_CAST(r.period_end AS DATE))
)
SELECT
    {stored},
    u.unit_key
FROM typed AS t
LEFT JOIN unit_context AS u
    ON u.code = t.unit_code
    AND t.period_end BETWEEN coalesce(u.valid_from, DATE '0001-01-01') AND coalesce(u.valid_to, DATE '9999-12-31')
