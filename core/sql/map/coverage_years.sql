-- Years with coverage figures on one layer.
SELECT DISTINCT year
FROM coverage
WHERE unit_level = $level
  AND vintage = $vintage
ORDER BY year
