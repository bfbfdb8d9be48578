-- Unit codes that do not exist, districts after the reform, units outside their validity. A unit born
-- of the 2025 reform (the 34 provinces, the new communes) reports on its whole territory, so its figure
-- may start before the reform date ("năm 2025"); other units' figures start within their validity.
WITH bad AS (
    SELECT o.file_index, o.input_row, o.unit_code, o.period_start, o.period_end, u.valid_from AS version_from,
           v.full_name_vi AS version_name
    FROM checked_rows AS o
    LEFT JOIN unit_context AS u ON u.unit_key = o.unit_key
    LEFT JOIN units AS v ON v.code = u.code AND v.level = u.level AND v.vintage = u.vintage
    WHERE o.unit_code <> '' AND o.period_end IS NOT NULL
      AND (o.unit_key IS NULL OR (o.period_start < u.valid_from AND u.valid_from <> reform_date()))
),
checked AS (
    SELECT b.file_index, b.input_row, b.unit_code, b.period_start, b.period_end, b.version_from, b.version_name,
           any_value(k.level) AS known_level,
           string_agg(DISTINCT k.full_name_vi, ' / ') AS names,
           string_agg(k.full_name_vi || ' (' || b.unit_code || ') is valid '
                      || coalesce(strftime(k.valid_from, '%d/%m/%Y'), '…') || ' – '
                      || coalesce(strftime(k.valid_to, '%d/%m/%Y'), 'now'), ', ' ORDER BY k.valid_from) AS versions
    FROM bad AS b
    LEFT JOIN units AS k ON k.code = b.unit_code
    GROUP BY ALL
)
SELECT file_index, input_row, 'unit_code' AS col,
       CASE
           WHEN known_level IS NULL THEN 'no unit has code ''' || left(unit_code, 20) || ''''
           WHEN version_from IS NOT NULL THEN
               version_name || ' (' || unit_code || ') exists from ' || strftime(version_from, '%d/%m/%Y')
               || '; the figure starts ' || strftime(period_start, '%d/%m/%Y')
           WHEN known_level = 'district' AND after_reform(period_end) THEN
               'district ' || names || ' (' || unit_code || ') dated ' || strftime(period_end, '%d/%m/%Y')
               || ': districts were abolished on ' || strftime(reform_date(), '%d/%m/%Y') || '; report it on the province'
           ELSE versions || '; the figure covers '
               || coalesce(strftime(period_start, '%d/%m/%Y'), '…') || ' – ' || strftime(period_end, '%d/%m/%Y')
       END AS reason,
       count(*) OVER () AS total
FROM checked
ORDER BY file_index, input_row
LIMIT $limit
