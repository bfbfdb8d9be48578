-- One row per unit (a code and vintage name one unit) with a small integer key, the key that
-- observation_rows store: the unit's level, vintage, validity and its old (63) and new (34)
-- province, communes reaching their old province through their district.
CREATE TABLE unit_context AS
SELECT
    row_number() OVER (ORDER BY u.level, u.vintage, u.code)::INTEGER AS unit_key,
    u.code,
    u.level,
    u.vintage,
    u.valid_from,
    u.valid_to,
    CASE WHEN u.level = 'district' THEN u.parent_code WHEN u.level = 'commune' THEN d.parent_code
         WHEN u.vintage = '63' THEN u.code END AS province_code,
    u.province_2025_code
FROM units AS u
LEFT JOIN units AS d ON u.level = 'commune' AND d.level = 'district' AND d.code = u.parent_code
ORDER BY unit_key
