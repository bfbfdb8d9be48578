-- Unit names given without a code, once per name and side of the 2025 reform.
SELECT trim(CAST(unit_name AS VARCHAR)) AS unit_name,
       coalesce(after_reform(TRY_CAST(period_end AS DATE)), false) AS post_reform,
       arg_min(file_index, [file_index, input_row]) AS first_file,
       arg_min(input_row, [file_index, input_row]) AS first_row,
       count(*) AS n
FROM raw_input
WHERE unit_name IS NOT NULL AND trim(CAST(unit_name AS VARCHAR)) <> ''
  AND (unit_code IS NULL OR trim(CAST(unit_code AS VARCHAR)) = '')
GROUP BY ALL
