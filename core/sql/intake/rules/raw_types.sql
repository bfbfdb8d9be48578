-- Values or dates present in the input but not readable as a number / a date.
-- Bad rows are found in observation_rows (a filled cell whose typed value is NULL); only they are
-- looked up in the input for the message, so valid input is read once.
WITH bad AS (
    SELECT file_index, input_row,
           value IS NULL AND value_given AS bad_value,
           period_end IS NULL AND period_end_given AS bad_end,
           period_start IS NULL AND period_start_given AS bad_start
    FROM checked_rows
    WHERE (value IS NULL AND value_given) OR (period_end IS NULL AND period_end_given)
       OR (period_start IS NULL AND period_start_given)
),
raw AS (
    SELECT b.file_index, b.input_row, r.value, r.period_end, r.period_start, b.bad_value, b.bad_end, b.bad_start
    FROM bad AS b  -- without row numbers (the build's first pass) the rule still finds the bad rows
    LEFT JOIN raw_input AS r ON r.file_index = b.file_index AND r.input_row = b.input_row
)
SELECT file_index, input_row, col, reason, count(*) OVER () AS total
FROM (
    SELECT file_index, input_row, 'value' AS col,
           'not a number: ''' || left(CAST(value AS VARCHAR), 40) || '''' AS reason
    FROM raw
    WHERE bad_value
    UNION ALL
    SELECT file_index, input_row, 'period_end',
           'not a date (YYYY-MM-DD): ''' || left(CAST(period_end AS VARCHAR), 40) || ''''
    FROM raw
    WHERE bad_end
    UNION ALL
    SELECT file_index, input_row, 'period_start',
           'not a date (YYYY-MM-DD): ''' || left(CAST(period_start AS VARCHAR), 40) || ''''
    FROM raw
    WHERE bad_start
)
ORDER BY file_index, input_row
LIMIT $limit
