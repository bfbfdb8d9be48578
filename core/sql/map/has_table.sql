-- 1 when the warehouse has a table or view of this name (e.g. coverage, built by the sample step).
SELECT count(*) AS n
FROM information_schema.tables
WHERE table_name = $name
  AND table_catalog = current_database()
