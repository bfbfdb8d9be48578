-- What the rules (core/sql/intake/rules) read: observation_rows with every column, the *_given flags
-- included (NULL where the column needed no cast: filled exactly when the value is not NULL).
-- stored_rows: as written (unit_code NULL when not written, see load_observations.sql); checked_rows
-- adds the code of each keyed row's unit (the code the row gave: the key was joined on it) and the
-- start of that unit version's validity (unit_valid_from).
CREATE OR REPLACE TEMP VIEW stored_rows AS
SELECT * FROM (
    SELECT NULL::BOOLEAN AS value_given, NULL::BOOLEAN AS period_start_given, NULL::BOOLEAN AS period_end_given,
           c.*
    FROM observation_columns AS c
    UNION ALL BY NAME
    SELECT * FROM observation_rows
);
CREATE OR REPLACE TEMP VIEW checked_rows AS
SELECT o.* REPLACE (coalesce(o.unit_code, u.code) AS unit_code), u.valid_from AS unit_valid_from
FROM stored_rows AS o
LEFT JOIN unit_context AS u ON u.unit_key = o.unit_key;
