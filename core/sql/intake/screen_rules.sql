-- One pass over the rows for the rules of core/sql/intake/rules that judge each row alone: how many
-- rows each rule would report (the same conditions as the rule's own query, one column per rule).
-- Only the rules with rows are then run for their messages (row numbers, reasons); valid input is
-- read once. The duplicate rule compares rows with each other: screen_duplicates.sql.
-- $qualifiers, $period_kinds: the values allowed (core/intake/schema.py). $files: the files (file_index)
-- to screen, NULL for all (core.intake.check skips those whose rows passed before, against the same
-- reference tables and code).
WITH screened AS (
    SELECT
        (o.value IS NULL AND o.value_given) OR (o.period_end IS NULL AND o.period_end_given)
            OR (o.period_start IS NULL AND o.period_start_given) AS raw_types,
        (coalesce(o.unit_code, '') = '' AND o.unit_name IS NULL)
            OR o.indicator_code IS NULL OR o.indicator_code = ''
            OR (o.value IS NULL AND NOT coalesce(o.value_given, false))
            OR (o.period_end IS NULL AND NOT coalesce(o.period_end_given, false))
            OR o.source_id IS NULL OR o.source_id = '' AS required_values,
        (o.indicator_code <> '' AND i.code IS NULL)
            OR (o.source_id <> '' AND NOT o.source_id IN (SELECT source_id FROM sources))
            OR o.period_kind IS NULL OR NOT list_contains($period_kinds, o.period_kind)
            OR o.qualifier IS NULL OR NOT list_contains($qualifiers, o.qualifier)
            OR (o.breakdown <> '' AND i.code IS NOT NULL AND b.breakdown IS NULL) AS unknown_codes,
        o.unit_code <> '' AND o.period_end IS NOT NULL
            AND (o.unit_key IS NULL OR (o.period_start < o.unit_valid_from AND o.unit_valid_from <> reform_date())) AS units,
        (i.code IS NOT NULL AND (o.value < i.min_value OR o.value > i.max_value OR isnan(o.value) OR isinf(o.value)
                                 OR o.period_start < i.first_period OR o.period_start > i.last_period
                                 OR o.period_end < i.first_period OR o.period_end > i.last_period))
            OR o.period_end < o.period_start AS "values"
    FROM checked_rows AS o  -- its one join gives the unit's code and validity
    LEFT JOIN indicators AS i ON i.code = o.indicator_code
    LEFT JOIN indicator_breakdowns AS b ON b.indicator_code = o.indicator_code AND b.breakdown = o.breakdown
    WHERE $files IS NULL OR list_contains($files, o.file_index)
)
SELECT
    count(*) FILTER (WHERE raw_types) AS raw_types,
    count(*) FILTER (WHERE required_values) AS required_values,
    count(*) FILTER (WHERE unknown_codes) AS unknown_codes,
    count(*) FILTER (WHERE units) AS units,
    count(*) FILTER (WHERE "values") AS "values"
FROM screened
