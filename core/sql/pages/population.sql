-- 2019 census reference figures (population, households, communes) of one level/vintage.
SELECT unit_code, population, households, communes, census_date
FROM population
WHERE level = $level AND vintage = $vintage
