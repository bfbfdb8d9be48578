-- Every column of observation_rows with its type, no rows. The views over observation_rows read
-- `observation_columns UNION ALL BY NAME observation_rows`, so columns that no input file has (and
-- that the build does not write) read as NULL. unit_code is written only when the rules report a row
-- (the views take it from unit_context by unit_key).
CREATE TABLE observation_columns (
    unit_code VARCHAR,
    unit_key INTEGER,
    indicator_code VARCHAR,
    breakdown VARCHAR,
    period_start DATE,
    period_end DATE,
    period_kind VARCHAR,
    value DOUBLE,
    qualifier VARCHAR,
    source_id VARCHAR,
    evidence VARCHAR,
    locator VARCHAR,
    is_sample BOOLEAN,
    unit_name VARCHAR,
    file_index UBIGINT,
    input_row BIGINT
)
