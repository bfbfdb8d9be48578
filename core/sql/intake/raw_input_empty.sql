-- No input files: an empty input with the expected columns (every column of the input schema,
-- core/intake/schema.py, as NULL: the placeholder below).
CREATE TEMP VIEW raw_input AS
SELECT NULL::UBIGINT AS file_index, NULL::BIGINT AS input_row,
       {columns}
WHERE false
