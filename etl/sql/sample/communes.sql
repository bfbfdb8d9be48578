-- Communes of the register with their district and provinces (old 63 and new 34).
SELECT c.code, c.full_name_vi, c.parent_code AS district_code, d.parent_code AS province_code,
       c.province_2025_code
FROM units AS c
JOIN units AS d ON d.level = 'district' AND d.code = c.parent_code
WHERE c.level = 'commune' AND c.vintage = '2024'
ORDER BY c.code
