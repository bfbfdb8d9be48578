-- Every input row as read, with its file and 1-based row number.
-- The column list is filled from the fixed list in etl/inputs.py (absent columns become NULL).
CREATE TEMP VIEW raw_input AS
SELECT
    filename AS input_file,
    file_row_number + 1 AS input_row,
    {columns}
FROM read_parquet(getvariable('input_files'), filename = true, file_row_number = true, union_by_name = true)
