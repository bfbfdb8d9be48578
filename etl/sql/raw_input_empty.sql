-- No input files: an empty input with the expected columns.
CREATE TEMP VIEW raw_input AS
SELECT NULL::UBIGINT AS file_index, NULL::BIGINT AS input_row,
       NULL::VARCHAR AS unit_code, NULL::VARCHAR AS unit_name, NULL::VARCHAR AS indicator_code,
       NULL::VARCHAR AS period_end, NULL::VARCHAR AS period_kind, NULL::DOUBLE AS value,
       NULL::VARCHAR AS qualifier, NULL::VARCHAR AS source_id, NULL::VARCHAR AS period_start,
       NULL::VARCHAR AS breakdown, NULL::VARCHAR AS evidence, NULL::VARCHAR AS locator,
       NULL::BOOLEAN AS is_sample, NULL::VARCHAR AS note
WHERE false
