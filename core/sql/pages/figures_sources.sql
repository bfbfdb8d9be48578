-- Every figure with its unit, indicator and source, for the Indicators & sources page.
-- $indicators: catalogue codes; $province: a 63-province code or '' for all (districts count
-- under their province); $province_2025: a 34-province code or '' for all; $source: a source_id or '' for all; $sample: the mode (real or sample figures, never both);
-- $limit: maximum rows. Access scope (core.access.detail_params): rows below province level only when
-- $all_detail or their old province is in $detail_provinces.
-- Fast at national scale: the mart observation_counts tells which (indicator, province) groups hold
-- the first $limit rows in the sort order below, and only those groups are read and sorted.
WITH groups AS (
    SELECT indicator_code, province_code, sum(n) AS n
    FROM observation_counts
    WHERE list_contains($indicators, indicator_code)
      AND ($province = '' OR province_code = $province)
      AND ($province_2025 = '' OR province_2025_code = $province_2025)
      AND ($source = '' OR source_id = $source)
      AND is_sample = $sample
      AND (unit_level = 'province' OR $all_detail OR list_contains($detail_provinces, province_code))
    GROUP BY ALL
),
needed AS (
    SELECT indicator_code, province_code
    FROM (SELECT *, coalesce(sum(n) OVER (ORDER BY indicator_code, province_code
                                          ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before
          FROM groups)
    WHERE before < $limit
)
SELECT
    o.unit_code,
    o.unit_level,
    o.unit_vintage,
    u.name_vi AS unit_name_vi,
    u.name_en AS unit_name_en,
    o.province_code,
    o.indicator_code,
    o.breakdown,
    o.period_start,
    o.period_end,
    o.period_kind,
    o.value,
    o.qualifier,
    o.is_sample,
    o.evidence,
    o.locator,
    o.source_id,
    o.agreement,
    o.sources,
    s.title AS source_title,
    s.title_en AS source_title_en,
    s.publisher,
    s.published,
    s.file AS source_file
FROM observations AS o
LEFT JOIN units AS u
  ON u.code = o.unit_code AND u.level = o.unit_level AND u.vintage = o.unit_vintage
LEFT JOIN sources AS s ON s.source_id = o.source_id
SEMI JOIN needed AS g
  ON g.indicator_code = o.indicator_code AND g.province_code IS NOT DISTINCT FROM o.province_code
WHERE list_contains($indicators, o.indicator_code)
  AND ($province = '' OR o.province_code = $province)
  AND ($province_2025 = '' OR o.province_2025_code = $province_2025)
  AND ($source = '' OR o.source_id = $source)
  AND o.is_sample = $sample
  AND (o.unit_level = 'province' OR $all_detail OR list_contains($detail_provinces, o.province_code))
ORDER BY o.indicator_code, o.province_code, o.unit_level DESC, o.unit_code, o.period_end, o.breakdown
LIMIT $limit
