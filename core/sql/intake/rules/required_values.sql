-- Empty cells where a value is required (a NULL *_given flag: filled exactly when the value is not NULL).
SELECT file_index, input_row, col, 'empty; a value is required' AS reason, count(*) OVER () AS total
FROM (
    SELECT file_index, input_row, 'unit_code' AS col FROM checked_rows
    WHERE coalesce(unit_code, '') = '' AND unit_name IS NULL
    UNION ALL SELECT file_index, input_row, 'indicator_code' FROM checked_rows
    WHERE indicator_code IS NULL OR indicator_code = ''
    UNION ALL SELECT file_index, input_row, 'value' FROM checked_rows
    WHERE value IS NULL AND NOT coalesce(value_given, false)
    UNION ALL SELECT file_index, input_row, 'period_end' FROM checked_rows
    WHERE period_end IS NULL AND NOT coalesce(period_end_given, false)
    UNION ALL SELECT file_index, input_row, 'source_id' FROM checked_rows
    WHERE source_id IS NULL OR source_id = ''
)
ORDER BY file_index, input_row
LIMIT $limit
