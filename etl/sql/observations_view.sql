-- Every figure with its unit's level, vintage and provinces: what pages, marts and tests read.
-- Columns that no input had read as NULL (observation_columns); the texts of the evidence from
-- observation_notes. The unit's code comes with its key (the code the row gave; observation_rows keeps it
-- only when the rules report a row), the period's length in years from its dates (core.semantics.periods).
-- A figure given by several sources (figure_sources) keeps one row per source: `counted` is true on
-- exactly one of them (what sums and charts read), `agreement` says whether the sources agree
-- ('corroborated') or not ('conflict'; '' for a figure with one source), `sources` lists them all.
CREATE VIEW observations AS
SELECT
    coalesce(o.unit_code, u.code) AS unit_code,
    u.level AS unit_level,
    u.vintage AS unit_vintage,
    u.province_code,
    u.province_2025_code,
    o.indicator_code,
    o.breakdown,
    o.period_start,
    o.period_end,
    o.period_kind,
    period_years(o.period_start, o.period_end) AS period_years,
    o.value,
    o.qualifier,
    o.source_id,
    n.evidence,
    n.locator,
    o.is_sample,
    o.unit_name,
    o.file_index,
    o.input_row,
    o.unit_key,
    coalesce(f.counted, true) AS counted,
    coalesce(f.agreement, '') AS agreement,
    coalesce(f.n_sources, 1) AS n_sources,
    coalesce(f.sources, o.source_id) AS sources
FROM (SELECT * FROM observation_columns UNION ALL BY NAME SELECT * FROM observation_rows) AS o
LEFT JOIN unit_context AS u ON u.unit_key = o.unit_key
LEFT JOIN observation_notes AS n  -- the texts of the evidence (core/sql/intake/load_notes.sql)
    ON n.unit_key = o.unit_key AND n.indicator_code = o.indicator_code AND n.breakdown = o.breakdown
    AND n.period_start IS NOT DISTINCT FROM o.period_start AND n.period_end = o.period_end
    AND n.period_kind = o.period_kind AND n.is_sample = o.is_sample AND n.source_id IS NOT DISTINCT FROM o.source_id
LEFT JOIN figure_sources AS f
    ON f.unit_key = o.unit_key AND f.indicator_code = o.indicator_code AND f.breakdown = o.breakdown
    AND f.period_start IS NOT DISTINCT FROM o.period_start AND f.period_end = o.period_end
    AND f.period_kind = o.period_kind AND f.is_sample = o.is_sample AND f.source_id = o.source_id
