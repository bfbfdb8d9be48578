-- Values outside the indicator's range, periods that end before they start, dates outside the
-- catalogue's plausible range (indicators.first_period / last_period, from data/indicators.yaml periods).
SELECT file_index, input_row, col, reason, count(*) OVER () AS total
FROM (
    SELECT o.file_index, o.input_row, 'value' AS col,
           CASE
               WHEN i.kind IN ('count', 'persons') AND o.value < 0 THEN
                   'negative count (' || o.value || ') for ' || i.code
               WHEN i.kind = 'percent' THEN
                   'percent outside 0-100 (' || o.value || ') for ' || i.code
               ELSE 'value ' || o.value || ' outside ' || i.min_value || ' – ' || i.max_value || ' for ' || i.code
           END AS reason
    FROM checked_rows AS o
    JOIN indicators AS i ON i.code = o.indicator_code
    WHERE o.value < i.min_value OR o.value > i.max_value OR isnan(o.value) OR isinf(o.value)
    UNION ALL
    SELECT file_index, input_row, 'period_end',
           'period ends (' || strftime(period_end, '%d/%m/%Y') || ') before it starts ('
           || strftime(period_start, '%d/%m/%Y') || ')'
    FROM checked_rows
    WHERE period_end < period_start
    UNION ALL
    SELECT o.file_index, o.input_row, d.col,
           'date ' || strftime(d.day, '%d/%m/%Y') || ' outside the plausible range '
           || strftime(i.first_period, '%d/%m/%Y') || ' – ' || strftime(i.last_period, '%d/%m/%Y')
           || ' (periods in data/indicators.yaml)'
    FROM checked_rows AS o
    JOIN indicators AS i ON i.code = o.indicator_code
    CROSS JOIN LATERAL (VALUES ('period_start', o.period_start), ('period_end', o.period_end)) AS d(col, day)
    WHERE d.day < i.first_period OR d.day > i.last_period
)
ORDER BY file_index, input_row
LIMIT $limit
