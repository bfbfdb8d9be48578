-- Where figures exist (the completeness view, like DHIS2's reporting rates), per mode (is_sample),
-- indicator, province (old 63: province_code; new 34: province_2025_code), unit level, calendar
-- year of period_end and source:
--   figures            figures counted (a figure given by several sources counts once, under its
--                      preferred source: figure_sources.counted),
--   rows               rows of this source (every source of a corroborated figure has its row),
--   latest_period_end  the latest period_end.
-- Country figures (level 'country') have no province. Aggregated first per unit key (small), then
-- joined to the units.
CREATE OR REPLACE TABLE completeness AS
WITH per_key AS (
    SELECT o.is_sample, o.indicator_code, o.unit_key, year(o.period_end) AS year, o.source_id,
           count(*) FILTER (WHERE coalesce(f.counted, true)) AS figures,
           count(*) AS rows,
           max(o.period_end) AS latest_period_end
    FROM observation_rows AS o
    LEFT JOIN figure_sources AS f
        ON f.unit_key = o.unit_key AND f.indicator_code = o.indicator_code AND f.breakdown = o.breakdown
        AND f.period_start IS NOT DISTINCT FROM o.period_start AND f.period_end = o.period_end
        AND f.period_kind = o.period_kind AND f.is_sample = o.is_sample AND f.source_id = o.source_id
    GROUP BY ALL
)
SELECT k.is_sample, k.indicator_code, u.province_code, u.province_2025_code, u.level AS unit_level, k.year,
       k.source_id, sum(k.figures)::BIGINT AS figures, sum(k.rows)::BIGINT AS rows,
       max(k.latest_period_end) AS latest_period_end
FROM per_key AS k
JOIN unit_context AS u ON u.unit_key = k.unit_key
GROUP BY ALL
ORDER BY k.is_sample, k.indicator_code, u.province_code, k.year
