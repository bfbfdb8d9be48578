-- Codes that the catalogue, the source list or the vocabularies do not know.
-- $qualifiers, $period_kinds: the values allowed (core/intake/schema.py).
SELECT file_index, input_row, col, reason, count(*) OVER () AS total
FROM (
    SELECT o.file_index, o.input_row, 'indicator_code' AS col,
           'unknown indicator ''' || left(o.indicator_code, 60) || ''' (not in data/indicators.yaml)' AS reason
    FROM checked_rows AS o
    WHERE o.indicator_code <> '' AND o.indicator_code NOT IN (SELECT code FROM indicators)
    UNION ALL
    SELECT o.file_index, o.input_row, 'source_id',
           'unknown source ''' || left(o.source_id, 60) || ''' (declare it in a sources.yaml)'
    FROM checked_rows AS o
    WHERE o.source_id <> '' AND o.source_id NOT IN (SELECT source_id FROM sources)
    UNION ALL
    SELECT o.file_index, o.input_row, v.col,
           'unknown ' || replace(v.col, '_', ' ') || ' ''' || left(coalesce(v.given, ''), 40) || ''' ('
           || array_to_string(v.allowed[:-2], ', ') || ' or ' || v.allowed[-1] || ')'
    FROM checked_rows AS o
    CROSS JOIN LATERAL (VALUES ('period_kind', o.period_kind, $period_kinds),
                               ('qualifier', o.qualifier, $qualifiers)) AS v(col, given, allowed)
    WHERE v.given IS NULL OR NOT list_contains(v.allowed, v.given)
    UNION ALL
    SELECT o.file_index, o.input_row, 'breakdown',
           'breakdown ''' || left(o.breakdown, 40) || ''' is not declared for indicator ' || o.indicator_code
    FROM checked_rows AS o
    WHERE o.breakdown <> '' AND o.indicator_code IN (SELECT code FROM indicators)
      AND NOT EXISTS (SELECT 1 FROM indicator_breakdowns AS b
                      WHERE b.indicator_code = o.indicator_code AND b.breakdown = o.breakdown)
)
ORDER BY file_index, input_row
LIMIT $limit
