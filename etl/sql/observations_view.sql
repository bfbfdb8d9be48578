-- Every figure with its unit's level, vintage and provinces: what pages, marts and tests read.
-- Columns that no input had read as NULL (observation_columns).
CREATE VIEW observations AS
SELECT
    o.unit_code,
    u.level AS unit_level,
    u.vintage AS unit_vintage,
    u.province_code,
    u.province_2025_code,
    o.indicator_code,
    o.breakdown,
    o.period_start,
    o.period_end,
    o.period_kind,
    o.period_years,
    o.value,
    o.qualifier,
    o.source_id,
    o.evidence,
    o.locator,
    o.is_sample,
    o.unit_name,
    o.file_index,
    o.input_row,
    o.unit_key
FROM (SELECT * FROM observation_columns UNION ALL BY NAME SELECT * FROM observation_rows) AS o
LEFT JOIN unit_context AS u ON u.unit_key = o.unit_key
