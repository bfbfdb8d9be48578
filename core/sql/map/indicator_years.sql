-- Years for which an indicator has a figure on a layer in one mode ($sample), with the number of
-- units that have one (see indicator_year.sql for the rule).
SELECT year, count(DISTINCT unit_code) AS units
FROM (SELECT unit_code, unnest(range(
           CASE WHEN period_kind = 'per_year'
                THEN coalesce(year(period_start), year(period_end)) ELSE year(period_end) END,
           year(period_end) + 1)) AS year
      FROM observations
      WHERE indicator_code = $indicator
        AND unit_level = $level
        AND unit_vintage = $vintage
        AND is_sample = $sample)
GROUP BY year
ORDER BY year
