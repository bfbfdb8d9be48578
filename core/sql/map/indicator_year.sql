-- One figure per unit of one indicator for the year $year, on one layer ($level, $vintage).
-- Eligible: a figure whose period ends in the year, or a yearly figure (per_year) whose period
-- covers it. Rows split by a breakdown (e.g. awarding body) are summed per unit, source and
-- period, for additive indicators only ($additive); an undivided row is preferred to a sum.
-- Choice per unit: undivided before summed, yearly/stock figures and periods of at most a year
-- before longer totals, a figure ending in the year before a yearly average over several years,
-- then the latest end, the shortest period.
-- On the old provinces ($level 'province', $vintage '63') a province without its own figure has the
-- sum of its districts (mart sums_of_children, as on the comparison page), for additive
-- indicators: own figures first. districts_summed / districts_expected: the districts a sum covers of
-- those expected.
-- $sample: the mode (real or sample figures, never both). A figure given by several sources is read
-- once (its counted row); agreement and sources as in pages/province_figures.sql.
WITH eligible AS (
    SELECT o.unit_code, o.source_id, coalesce(s.title, o.source_id) AS source_title,
           s.title_en AS source_title_en, o.period_start, o.period_end, o.period_kind,
           o.period_years, o.is_sample, o.value, o.qualifier, o.agreement, o.sources,
           coalesce(o.breakdown, '') <> '' AS is_part, false AS is_sum, NULL::BIGINT AS summed,
           NULL::BIGINT AS expected
    FROM observations AS o
    LEFT JOIN sources AS s USING (source_id)
    WHERE o.indicator_code = $indicator
      AND o.unit_level = $level
      AND o.unit_vintage = $vintage
      AND (year(o.period_end) = $year
           OR (o.period_kind = 'per_year'
               AND year(o.period_end) >= $year
               AND coalesce(year(o.period_start), year(o.period_end)) <= $year))
      AND (coalesce(o.breakdown, '') = '' OR $additive)
      AND o.is_sample = $sample AND o.counted
    UNION ALL
    SELECT d.unit_code, d.source_id, coalesce(s.title, d.source_id), s.title_en, d.period_start, d.period_end,
           d.period_kind, d.period_years, d.is_sample, d.value, d.qualifier, d.agreement, d.source_id, false, true,
           d.children_summed, d.children_expected
    FROM sums_of_children AS d  -- counted as one figure: parts below says how many districts
    LEFT JOIN sources AS s USING (source_id)
    WHERE d.basis = 'sum_of_districts' AND $level = 'province' AND $vintage = '63' AND $additive
      AND d.indicator_code = $indicator AND d.year = $year AND d.is_sample = $sample
),
grouped AS (
    SELECT unit_code, source_id, any_value(source_title) AS source_title,
           any_value(source_title_en) AS source_title_en, period_start, period_end, period_kind,
           period_years, is_sample, is_part, is_sum, sum(value) AS value, count(*) AS parts,
           max(summed) AS summed, max(expected) AS expected,
           CASE WHEN bool_or(agreement = 'conflict') THEN 'conflict'
                WHEN bool_or(agreement = 'corroborated') THEN 'corroborated' ELSE '' END AS agreement,
           string_agg(DISTINCT sources, ',') AS sources,
           qualifier_combine(qualifier) AS qualifier
    FROM eligible
    GROUP BY unit_code, source_id, period_start, period_end, period_kind, period_years, is_sample, is_part, is_sum
),
ranked AS (
    SELECT *, row_number() OVER (
        PARTITION BY unit_code
        ORDER BY is_sum, is_part,
                 CASE WHEN period_kind IN ('per_year', 'stock') OR within_one_year(period_years) THEN 0 ELSE 1 END,
                 CASE WHEN year(period_end) = $year THEN 0 ELSE 1 END,
                 period_end DESC, period_years NULLS LAST, source_id
    ) AS rn
    FROM grouped
)
SELECT unit_code AS code, value, qualifier, period_start, period_end, period_kind, period_years,
       source_id, source_title, source_title_en, is_sample, CASE WHEN is_part THEN parts ELSE 0 END AS parts,
       agreement, sources, is_sum, summed AS districts_summed, expected AS districts_expected
FROM ranked
WHERE rn = 1
ORDER BY code
