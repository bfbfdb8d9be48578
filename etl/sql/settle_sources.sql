-- After figure_sources is filled: the year groups holding a figure from several sources are grouped
-- again (year_groups.sql) from their counted rows only, each row flagged when its figure's sources
-- disagree. Deletes those groups from year_groups and points year_group_rows at their rows.
DELETE FROM year_groups AS y
WHERE EXISTS (SELECT 1 FROM figure_sources AS f
              WHERE f.unit_key = y.unit_key AND f.indicator_code = y.indicator_code AND f.breakdown = y.breakdown
                AND year(f.period_end) = y.year AND f.period_kind = y.period_kind AND f.is_sample = y.is_sample);
CREATE OR REPLACE TEMP VIEW year_group_rows AS
SELECT o.*, coalesce(f.agreement = 'conflict', false) AS conflict
FROM observation_rows AS o
JOIN (SELECT DISTINCT unit_key, indicator_code, breakdown, year(period_end) AS year, period_kind, is_sample
      FROM figure_sources) AS g
    ON o.unit_key = g.unit_key AND o.indicator_code = g.indicator_code AND o.breakdown = g.breakdown
    AND year(o.period_end) = g.year AND o.period_kind = g.period_kind AND o.is_sample = g.is_sample
LEFT JOIN figure_sources AS f
    ON f.unit_key = o.unit_key AND f.indicator_code = o.indicator_code AND f.breakdown = o.breakdown
    AND f.period_start IS NOT DISTINCT FROM o.period_start AND f.period_end = o.period_end
    AND f.period_kind = o.period_kind AND f.is_sample = o.is_sample AND f.source_id = o.source_id
WHERE coalesce(f.counted, true);
