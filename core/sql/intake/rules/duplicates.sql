-- Two rows for the same unit, indicator, breakdown, period and source.
-- Rows within one calendar year are grouped already (year_groups): a group can hold duplicates only
-- if it has more rows than months of period_end. Only such groups' rows, rows spanning years and
-- rows without a known unit are compared: first by one 64-bit hash of the key, then by the key.
-- in_year is inlined where read (stored, it would copy every row) and the few candidates stored (read
-- three times): the rows are read as a filtered scan.
WITH suspect_groups AS (
    SELECT unit_key, indicator_code, breakdown, year, period_kind
    FROM year_groups
    WHERE months < n_rows AND unit_key IS NOT NULL
),
in_year AS NOT MATERIALIZED (  -- stored_rows: the unit's code is added to the few candidates only (as checked_rows does)
    SELECT *, in_year_groups(period_kind, period_start, period_end) AS within_year
    FROM stored_rows
    WHERE indicator_code IS NOT NULL AND period_end IS NOT NULL
),
picked AS (
    SELECT o.*
    FROM in_year AS o
    SEMI JOIN suspect_groups AS g
        ON o.unit_key = g.unit_key AND o.indicator_code = g.indicator_code AND o.breakdown = g.breakdown
        AND year(o.period_end) = g.year AND o.period_kind = g.period_kind
    WHERE o.within_year
    UNION ALL
    SELECT * FROM in_year WHERE NOT within_year OR unit_key IS NULL
),
candidates AS MATERIALIZED (  -- the few rows compared, read three times
    SELECT * FROM (
        SELECT o.* REPLACE (coalesce(o.unit_code, u.code) AS unit_code)
        FROM picked AS o
        LEFT JOIN unit_context AS u ON u.unit_key = o.unit_key
    )
    WHERE unit_code IS NOT NULL
),
dup_hashes AS (
    SELECT hash(unit_code, indicator_code, breakdown, period_start, period_end, source_id) AS h
    FROM candidates
    GROUP BY h
    HAVING count(*) > 1
),
dup_keys AS (
    SELECT unit_code, indicator_code, breakdown, period_start, period_end, source_id
    FROM candidates
    WHERE hash(unit_code, indicator_code, breakdown, period_start, period_end, source_id) IN (SELECT h FROM dup_hashes)
    GROUP BY ALL
    HAVING count(*) > 1
),
dup AS (
    SELECT o.file_index, o.input_row, o.unit_code, o.indicator_code, o.source_id,
           first_value(o.file_index) OVER w AS first_file, first_value(o.input_row) OVER w AS first_row,
           row_number() OVER w AS k
    FROM candidates AS o
    SEMI JOIN dup_keys AS d
        ON o.unit_code = d.unit_code AND o.indicator_code = d.indicator_code AND o.breakdown = d.breakdown
        AND o.period_start IS NOT DISTINCT FROM d.period_start AND o.period_end = d.period_end
        AND o.source_id IS NOT DISTINCT FROM d.source_id
    WINDOW w AS (PARTITION BY o.unit_code, o.indicator_code, o.breakdown, o.period_start, o.period_end, o.source_id
                 ORDER BY o.file_index, o.input_row)
)
SELECT d.file_index, d.input_row, 'unit_code' AS col,
       'duplicate of ' || f.file || ':' || d.first_row || ' (same unit ' || d.unit_code || ', indicator '
       || d.indicator_code || ', period and source ' || coalesce(d.source_id, '') || ')' AS reason,
       count(*) OVER () AS total
FROM dup AS d
JOIN input_files AS f ON f.file_index = d.first_file
WHERE d.k > 1
ORDER BY d.file_index, d.input_row
LIMIT $limit
