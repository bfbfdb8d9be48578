-- Values or dates present in the input but not readable as a number / a date.
SELECT input_file, input_row, col, reason, count(*) OVER () AS total
FROM (
    SELECT input_file, input_row, 'value' AS col,
           'not a number: ''' || left(CAST(value AS VARCHAR), 40) || '''' AS reason
    FROM raw_input
    WHERE value IS NOT NULL AND TRY_CAST(value AS DOUBLE) IS NULL
    UNION ALL
    SELECT input_file, input_row, 'period_end',
           'not a date (YYYY-MM-DD): ''' || left(CAST(period_end AS VARCHAR), 40) || ''''
    FROM raw_input
    WHERE period_end IS NOT NULL AND TRY_CAST(period_end AS DATE) IS NULL
    UNION ALL
    SELECT input_file, input_row, 'period_start',
           'not a date (YYYY-MM-DD): ''' || left(CAST(period_start AS VARCHAR), 40) || ''''
    FROM raw_input
    WHERE period_start IS NOT NULL AND TRY_CAST(period_start AS DATE) IS NULL
)
ORDER BY input_file, input_row
LIMIT $limit
