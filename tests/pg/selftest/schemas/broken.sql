-- check: a query that is false
SELECT count(*) = 0 FROM "Line"
-- check: a query that errors
SELECT count(*) > 0 FROM no_such_table;
-- check: a query that returns NULL
SELECT NULL::boolean
