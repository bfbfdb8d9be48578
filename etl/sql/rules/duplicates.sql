-- Two rows for the same unit, indicator, breakdown, period and source.
-- First a cheap pass on one 64-bit hash of the key; only rows whose hash repeats are compared by key.
WITH dup_hashes AS (
    SELECT hash(unit_code, indicator_code, breakdown, period_start, period_end, source_id) AS h
    FROM observations
    WHERE unit_code IS NOT NULL AND indicator_code IS NOT NULL AND period_end IS NOT NULL
    GROUP BY h
    HAVING count(*) > 1
),
dup_keys AS (
    SELECT unit_code, indicator_code, breakdown, period_start, period_end, source_id
    FROM observations
    WHERE unit_code IS NOT NULL AND indicator_code IS NOT NULL AND period_end IS NOT NULL
      AND hash(unit_code, indicator_code, breakdown, period_start, period_end, source_id) IN (SELECT h FROM dup_hashes)
    GROUP BY ALL
    HAVING count(*) > 1
),
dup AS (
    SELECT o.input_file, o.input_row, o.unit_code, o.indicator_code, o.source_id,
           first_value(o.input_file || ':' || o.input_row) OVER w AS first_at,
           row_number() OVER w AS k
    FROM observations AS o
    SEMI JOIN dup_keys AS d
        ON o.unit_code = d.unit_code AND o.indicator_code = d.indicator_code AND o.breakdown = d.breakdown
        AND o.period_start IS NOT DISTINCT FROM d.period_start AND o.period_end = d.period_end
        AND o.source_id IS NOT DISTINCT FROM d.source_id
    WINDOW w AS (PARTITION BY o.unit_code, o.indicator_code, o.breakdown, o.period_start, o.period_end, o.source_id
                 ORDER BY o.input_file, o.input_row)
)
SELECT input_file, input_row, 'unit_code' AS col,
       'duplicate of ' || first_at || ' (same unit ' || unit_code || ', indicator ' || indicator_code
       || ', period and source ' || coalesce(source_id, '') || ')' AS reason,
       count(*) OVER () AS total
FROM dup
WHERE k > 1
ORDER BY input_file, input_row
LIMIT $limit
