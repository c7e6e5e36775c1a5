-- Queries about shop.json's data beyond the generic checks; each returns
-- one boolean that must be true.

-- check: awkward text survives COPY escaping and SQL quoting
SELECT count(DISTINCT note) = 14
   AND bool_and(note IN (E'it''s', E'tab\there', E'line\nbreak', E'back\\slash',
                         'naïve café 東京', E'\\.', E'\\N', 'NULL', '', E'carriage\rreturn',
                         'quote "double"', 'dollar $$ sign', 'semi;colon -- not a comment',
                         'emoji 🎉'))
FROM customers;

-- check: the empty string and the word NULL are values, not NULLs
SELECT count(*) FILTER (WHERE note IS NULL) = 0 FROM customers;

-- check: every order line points at a real product and order
SELECT NOT EXISTS (SELECT 1 FROM order_items i LEFT JOIN "order" o ON o.id = i.order_id
                   LEFT JOIN products p ON p.id = i.product_id
                   WHERE o.id IS NULL OR p.id IS NULL);

-- check: line numbers of an order are distinct
SELECT count(*) = count(DISTINCT (order_id, line_no)) FROM order_items;

-- check: composite values have their fields
SELECT count(*) FILTER (WHERE (billing_address).city IS NOT NULL) > 0 FROM customers;

-- check: json values are objects or arrays
SELECT bool_and(jsonb_typeof(attributes) IN ('object', 'array')) FROM products;

-- check: invoice numbers come from invoice_no_seq (start 1000, step 10)
SELECT min(invoice_no) >= 1000 AND bool_and((invoice_no - 1000) % 10 = 0) FROM "order";

-- check: prices respect the domain and the list price
SELECT bool_and(price > 0 AND price <= list_price) FROM products;

-- check: emails look like addresses and agree with the person's name
SELECT bool_and(email ~ '^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$')
   AND count(*) FILTER (WHERE position(lower(last_name) IN email) > 0) >= 0.8 * count(*)
FROM customers;

-- check: names are capitalised words
SELECT bool_and(first_name ~ '^[[:upper:]]' AND last_name ~ '^[[:upper:]]') FROM customers;

-- check: phone numbers hold enough digits
SELECT bool_and(length(regexp_replace(phone, '[^0-9]', '', 'g')) >= 7)
FROM customers WHERE phone IS NOT NULL;

-- check: creation times are plausible
SELECT bool_and(created_at BETWEEN '2000-01-01' AND '2031-01-01') FROM customers;

-- check: a CHECK allowing NULL is met by real values, not by extra NULLs (about
-- the default 10% of delivered_at should be NULL)
SELECT count(*) FILTER (WHERE delivered_at IS NULL) < 0.25 * count(*) FROM shipments;

-- check: returns are refunded after their approval
SELECT bool_and(approved_at <= refunded_at) FROM returns;
