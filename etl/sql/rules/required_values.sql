-- Empty cells where a value is required.
SELECT input_file, input_row, col, 'empty; a value is required' AS reason, count(*) OVER () AS total
FROM (
    SELECT input_file, input_row, 'unit_code' AS col FROM observations
    WHERE unit_code IS NULL AND unit_name IS NULL
    UNION ALL SELECT input_file, input_row, 'indicator_code' FROM observations
    WHERE indicator_code IS NULL OR indicator_code = ''
    UNION ALL SELECT input_file, input_row, 'value' FROM observations
    WHERE value IS NULL AND NOT value_given
    UNION ALL SELECT input_file, input_row, 'period_end' FROM observations
    WHERE period_end IS NULL AND NOT period_end_given
    UNION ALL SELECT input_file, input_row, 'source_id' FROM observations
    WHERE source_id IS NULL OR source_id = ''
)
ORDER BY input_file, input_row
LIMIT $limit
