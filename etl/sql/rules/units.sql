-- Unit codes that do not exist, districts after the reform, units outside their validity.
WITH bad AS (
    SELECT o.file_index, o.input_row, o.unit_code, o.period_start, o.period_end
    FROM checked_rows AS o
    LEFT JOIN unit_context AS u ON u.unit_key = o.unit_key
    WHERE o.unit_code <> '' AND o.period_end IS NOT NULL
      AND (o.unit_key IS NULL OR o.period_start < u.valid_from)
),
checked AS (
    SELECT b.file_index, b.input_row, b.unit_code, b.period_start, b.period_end,
           any_value(k.level) AS known_level,
           min(k.valid_from) AS first_from,
           max(coalesce(k.valid_to, DATE '9999-12-31')) AS last_to,
           string_agg(DISTINCT k.full_name_vi, ' / ') AS names
    FROM bad AS b
    LEFT JOIN units AS k ON k.code = b.unit_code
    GROUP BY ALL
)
SELECT file_index, input_row, 'unit_code' AS col,
       CASE
           WHEN known_level IS NULL THEN 'no unit has code ''' || left(unit_code, 20) || ''''
           WHEN known_level = 'district' AND period_end > DATE '2025-06-30' THEN
               'district ' || names || ' (' || unit_code || ') dated ' || strftime(period_end, '%d/%m/%Y')
               || ': districts were abolished on 01/07/2025; report it on the province'
           ELSE names || ' (' || unit_code || ') is valid '
               || coalesce(strftime(first_from, '%d/%m/%Y'), '…') || ' – '
               || CASE WHEN last_to = DATE '9999-12-31' THEN 'now' ELSE strftime(last_to, '%d/%m/%Y') END
               || '; the figure covers '
               || coalesce(strftime(period_start, '%d/%m/%Y'), '…') || ' – ' || strftime(period_end, '%d/%m/%Y')
       END AS reason,
       count(*) OVER () AS total
FROM checked
ORDER BY file_index, input_row
LIMIT $limit
