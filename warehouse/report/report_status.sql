-- Reports per status in one year. Files whose year could not be read (rejected before
-- the metadata was found) are stored with a NULL year and belong to every year's run,
-- so they are counted here too.
SELECT status, count(*) AS n_reports
FROM reports
WHERE year = $year OR year IS NULL
GROUP BY status
ORDER BY status;
