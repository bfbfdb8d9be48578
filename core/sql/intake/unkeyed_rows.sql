-- Rows whose unit has no key (no unit version with that code, or name, valid at period_end). The
-- rules report each of them (required_values, units, raw_types) once the unit's code is written.
SELECT count(*) FROM observation_rows WHERE unit_key IS NULL
