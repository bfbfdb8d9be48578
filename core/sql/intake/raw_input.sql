-- Every input row as read, with its file (its position in the build's file list, see the table
-- input_files) and 1-based row number. The column list is filled from the fixed list in
-- core/intake/schema.py (absent columns become NULL); {input_row} is the row in the file (converted CSV/Excel
-- files give it in their column _row, since empty rows are skipped).
CREATE TEMP VIEW raw_input AS
SELECT
    file_index,
    {input_row} AS input_row,
    {columns}
FROM read_parquet(getvariable('input_files'), file_row_number = true, union_by_name = true)
