-- Model coverage of one layer ($level, $vintage) in one year and mode ($sample); $measure picks the
-- value column.
SELECT unit_code AS code, year,
       CASE $measure
           WHEN 'coverage_pct' THEN coverage_pct
           WHEN 'models_per_10k' THEN models_per_10k
           WHEN 'households_in_groups_pct' THEN households_in_groups_pct
           WHEN 'model_types' THEN model_types
           WHEN 'active_models' THEN active_models
       END::DOUBLE AS value,
       communes, communes_with_active_model, active_models, is_sample
FROM coverage
WHERE unit_level = $level
  AND vintage = $vintage
  AND year = $year
  AND is_sample = $sample
ORDER BY code
