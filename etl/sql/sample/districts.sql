-- Districts of the register with their 2019 census figures (NULL when the census is absent)
-- and their number of communes in the register.
SELECT d.code, d.parent_code AS province_code, d.province_2025_code, d.name_vi, d.valid_from, d.valid_to,
       p.population, p.households,
       (SELECT count(*) FROM units AS c WHERE c.level = 'commune' AND c.parent_code = d.code) AS communes
FROM units AS d
LEFT JOIN population AS p ON p.unit_code = d.code AND p.level = 'district' AND p.vintage = '2024'
WHERE d.level = 'district'
ORDER BY d.code
