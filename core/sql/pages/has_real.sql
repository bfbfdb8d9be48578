-- Whether the warehouse holds any real figure (is_sample = false): real mode is then the default.
SELECT count(*) > 0 AS has_real FROM observation_counts WHERE NOT is_sample
