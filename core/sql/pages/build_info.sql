-- Build metadata (built_at, with_sample, input_files, reference data flags).
SELECT key, value FROM build_info
