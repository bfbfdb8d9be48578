-- The figure's number phrase as printed and where it stands in its text (evidence, locator), kept beside
-- observation_rows instead of in it: only reviewed figures have them, and a column written for every row
-- costs the build about as much as one with values. One row per figure with either text, by the key that
-- the duplicate rule keeps unique (unit, indicator, breakdown, period and source) within one kind and sample
-- flag (the key of figure_sources); the view `observations` joins them back. $files: the files (file_index)
-- that have either column.
CREATE TABLE observation_notes AS
SELECT unit_key, indicator_code, breakdown, period_start, period_end, period_kind, is_sample, source_id, evidence,
       locator
FROM typed_input
WHERE list_contains($files, file_index) AND (evidence IS NOT NULL OR locator IS NOT NULL)
