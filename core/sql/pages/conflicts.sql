-- Figures that sources give differently (agreement 'conflict'), one row per source, in one mode
-- ($sample): the unit, indicator, breakdown, period, each source's value and qualifier, the source's
-- title, publisher and date, and whether this row is the counted one (the preferred source).
-- $unit_codes: unit codes to keep ([] = all); $indicators: catalogue codes ([] = all).
-- Read from figure_sources (built with the warehouse; small), never by scanning observations.
SELECT
    c.code AS unit_code,
    c.level AS unit_level,
    c.vintage AS unit_vintage,
    u.name_vi AS unit_name_vi,
    u.name_en AS unit_name_en,
    c.province_code,
    f.indicator_code,
    f.breakdown,
    f.period_start,
    f.period_end,
    f.period_kind,
    f.value,
    f.qualifier,
    f.source_id,
    f.counted,
    s.title AS source_title,
    s.title_en AS source_title_en,
    s.publisher,
    s.published,
    s.url
FROM figure_sources AS f
JOIN unit_context AS c ON c.unit_key = f.unit_key
LEFT JOIN units AS u ON u.code = c.code AND u.level = c.level AND u.vintage = c.vintage
LEFT JOIN sources AS s ON s.source_id = f.source_id
WHERE f.agreement = 'conflict'
  AND f.is_sample = $sample
  AND (len($unit_codes) = 0 OR list_contains($unit_codes, c.code))
  AND (len($indicators) = 0 OR list_contains($indicators, f.indicator_code))
ORDER BY f.indicator_code, c.level DESC, c.code, f.period_end, f.breakdown, f.preference
