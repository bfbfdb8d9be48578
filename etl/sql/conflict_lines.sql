-- One line per figure that sources give differently, for the build summary:
-- "62 campaign_launches 2019-01-01..2024-12-31 per_year: 2053 (rep_a) ≠ 2100 (rep_b)".
SELECT u.code || ' ' || f.indicator_code || CASE WHEN f.breakdown <> '' THEN ' [' || f.breakdown || ']' ELSE '' END
       || ' ' || coalesce(strftime(f.period_start, '%Y-%m-%d'), '?') || '..' || strftime(f.period_end, '%Y-%m-%d')
       || ' ' || f.period_kind || CASE WHEN f.is_sample THEN ' (sample)' ELSE '' END || ': '
       || string_agg(printf('%g', f.value) || ' (' || f.source_id || ')', ' ≠ ' ORDER BY f.preference) AS line
FROM figure_sources AS f
JOIN unit_context AS u ON u.unit_key = f.unit_key
WHERE f.agreement = 'conflict'
GROUP BY u.code, f.indicator_code, f.breakdown, f.period_start, f.period_end, f.period_kind, f.is_sample
ORDER BY line
