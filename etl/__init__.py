"""ETL: reads Parquet inputs, validates them against the register and the catalogue, and
writes the DuckDB warehouse atomically (new file, then os.replace)."""
