-- Where figures exist, per province of the view ($units '63': old provinces; '34': new ones, old
-- provinces counted under their successor), per indicator when $by_indicator, per year when $by_year, in one mode
-- ($sample): figures (a figure given by several sources counts once), sources, the latest period_end.
-- Figures of a province's districts and communes count under it; country figures have no province
-- (province NULL, country true); in the 63 view the figures of the new provinces (from the reform date) have
-- no old province (province NULL, country false). $indicators: catalogue codes ([] = all); $year: a calendar year of period_end (0 = all).
SELECT
    CASE WHEN $units = '34' THEN province_2025_code ELSE province_code END AS province,
    unit_level = 'country' AS country,
    CASE WHEN $by_indicator THEN indicator_code END AS indicator_code,
    CASE WHEN $by_year THEN year END AS year,
    CAST(sum(figures) AS BIGINT) AS figures,
    count(DISTINCT source_id) AS sources,
    max(latest_period_end) AS latest_period_end
FROM completeness
WHERE is_sample = $sample
  AND (len($indicators) = 0 OR list_contains($indicators, indicator_code))
  AND ($year = 0 OR year = $year)
GROUP BY ALL
ORDER BY province NULLS FIRST, indicator_code, year
