-- Years with coverage figures of a measure ($measure) on one layer in one mode ($sample).
SELECT DISTINCT year
FROM coverage
WHERE unit_level = $level
  AND vintage = $vintage
  AND is_sample = $sample
  AND CASE $measure
          WHEN 'coverage_pct' THEN coverage_pct
          WHEN 'models_per_10k' THEN models_per_10k
          WHEN 'households_in_groups_pct' THEN households_in_groups_pct
          WHEN 'model_types' THEN model_types
          WHEN 'active_models' THEN active_models
      END IS NOT NULL
ORDER BY year
