-- Input rows (typed_input.sql) as the build stores them. Pages read them through the view `observations`, which
-- adds what the key and the dates give (the unit's code, level and provinces, the period's length in years) and
-- the texts of the evidence (observation_notes, load_notes.sql). The *_given flags serve the rules
-- (core/sql/intake/rules) and are dropped after them. input_row (the row in its file) and unit_code are kept only
-- when the rules need them for their messages ({stored}: `* EXCLUDE (...)`; a row whose unit has no key is always
-- reported, see core/intake/check.py).
CREATE TABLE observation_rows AS
SELECT {stored}
FROM typed_input
