-- Census figures absent (reference data not set up): same columns, no rows.
CREATE TABLE population (
    unit_code VARCHAR, level VARCHAR, vintage VARCHAR, population BIGINT, households BIGINT,
    communes BIGINT, census_date DATE
)
