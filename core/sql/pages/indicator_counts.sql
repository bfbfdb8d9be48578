-- Number of figures per indicator, reported and sample.
SELECT indicator_code,
       count(*) FILTER (WHERE NOT is_sample) AS reported,
       count(*) FILTER (WHERE is_sample) AS sample
FROM observations
GROUP BY indicator_code
