-- The rows the duplicate rule (rules/duplicates.sql) has to compare, counted in one pass over every
-- row of every file (a new file may repeat a row of one screened before): rows within a year group
-- that has more rows than months, rows spanning years and rows without a known unit. The rule's
-- query runs only when there are some. A row has a unit's code when it has a key (the key was
-- joined on its code) or, in the pass that writes them, a code as given.
SELECT count(*) FILTER (WHERE (unit_key IS NOT NULL OR unit_code IS NOT NULL)
                        AND indicator_code IS NOT NULL AND period_end IS NOT NULL
                        AND (unit_key IS NULL OR NOT in_year_groups(period_kind, period_start, period_end)))
    + (SELECT count(*) FROM year_groups WHERE months < n_rows AND unit_key IS NOT NULL)
FROM stored_rows
