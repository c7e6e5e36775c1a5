-- check: every order has at most two lines
SELECT max(n) <= 2 FROM (SELECT count(*) AS n FROM "Line" GROUP BY order_id) s;
-- check: the reserved-word table is reachable
SELECT count(*) = 150 FROM "order"
