INSERT INTO sections BY NAME
SELECT *
FROM incoming_sections;
