INSERT INTO unread_cells BY NAME
SELECT x.*, $run_id AS run_id
FROM incoming_unread AS x;
