-- What the rules (core/sql/intake/rules) read: observation_rows with every column, the *_given flags
-- included (NULL where the column needed no cast: filled exactly when the value is not NULL).
CREATE TEMP VIEW checked_rows AS
SELECT * FROM (
    SELECT NULL::BOOLEAN AS value_given, NULL::BOOLEAN AS period_start_given, NULL::BOOLEAN AS period_end_given,
           c.*
    FROM observation_columns AS c
    UNION ALL BY NAME
    SELECT * FROM observation_rows
)
