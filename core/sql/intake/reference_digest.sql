-- A digest of each reference table that the rules judging a row alone read, through the load
-- (unit codes, names and validity) or directly (indicators, their breakdowns and bounds, the declared
-- sources): the files whose rows passed those rules are remembered under them (core.intake.check).
-- The sum of the rows' hashes (each row read whole, by its table's name): the same rows in any order
-- give the same digest.
SELECT
    (SELECT sum(hash(units)::HUGEINT) FROM units)::VARCHAR AS units,
    (SELECT sum(hash(indicators)::HUGEINT) FROM indicators)::VARCHAR AS indicators,
    (SELECT sum(hash(indicator_breakdowns)::HUGEINT) FROM indicator_breakdowns)::VARCHAR AS breakdowns,
    (SELECT sum(hash(sources)::HUGEINT) FROM sources)::VARCHAR AS sources
