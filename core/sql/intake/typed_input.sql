-- Input rows, typed (the column list: core/intake/staging.py typed_columns), with the key of the unit version valid
-- at period_end (unit_context): read once for the table observation_rows (load_observations.sql) and once, for
-- the few files that have them, for the texts of the evidence (load_notes.sql).
CREATE OR REPLACE TEMP VIEW typed_input AS
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
    t.*,
    u.unit_key
FROM typed AS t
LEFT JOIN unit_context AS u
    ON u.code = t.unit_code
    AND t.period_end BETWEEN coalesce(u.valid_from, DATE '0001-01-01') AND coalesce(u.valid_to, DATE '9999-12-31')
