-- Failing rows: report ids of the given year stored more than once in reports, in
-- any year. One input file (one sha256) is one report; a duplicate means two loads
-- disagreed on the file's year. Parameter: $year.
SELECT
    report_id,
    count(*) AS n_rows,
    list(year ORDER BY year NULLS LAST) AS years
FROM reports
WHERE report_id IN (SELECT report_id FROM reports WHERE year = $year)
GROUP BY report_id
HAVING count(*) > 1
ORDER BY report_id;
