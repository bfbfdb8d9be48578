-- Register of models (mô hình); see etl/models.py for the meaning of each column.
CREATE TABLE IF NOT EXISTS models (
    model_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    type_code VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    commune_code VARCHAR,
    district_code VARCHAR,
    province_code VARCHAR,
    province_2025_code VARCHAR,
    year_started INTEGER NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('active', 'inactive', 'merged')),
    year_ended INTEGER,
    merged_into VARCHAR,
    partner_code VARCHAR,
    partner VARCHAR,
    is_sample BOOLEAN NOT NULL,
    CHECK ((status = 'active') = (year_ended IS NULL)),
    CHECK ((status = 'merged') = (merged_into IS NOT NULL))
)
