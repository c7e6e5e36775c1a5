-- Queries about the embedded ecommerce template's data (datagen generate
-- --template ecommerce) beyond the generic checks.

-- check: emails look like addresses and agree with the person's name
SELECT bool_and(email ~ '^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$')
   AND count(*) FILTER (WHERE position(lower(last_name) IN email) > 0) >= 0.8 * count(*)
FROM customers;

-- check: names are capitalised words
SELECT bool_and(first_name ~ '^[[:upper:]]' AND last_name ~ '^[[:upper:]]') FROM customers;

-- check: phone numbers hold enough digits
SELECT bool_and(length(regexp_replace(phone, '[^0-9]', '', 'g')) >= 7)
FROM customers WHERE phone IS NOT NULL;

-- check: addresses are complete and postal codes look like postal codes
SELECT bool_and(street_address ~ '[0-9]' AND city <> '' AND state <> ''
                AND postal_code ~ '^[0-9A-Z][0-9A-Z -]{2,9}$')
FROM addresses;

-- check: timestamps are plausible and orders ship after they are placed
SELECT (SELECT bool_and(created_at BETWEEN '2000-01-01' AND '2031-01-01') FROM customers)
   AND (SELECT bool_and(shipped_at >= ordered_at) FROM orders WHERE shipped_at IS NOT NULL);

-- check: the category tree has roots and children
SELECT count(*) FILTER (WHERE parent_id IS NULL) > 0
   AND count(*) FILTER (WHERE parent_id IS NOT NULL) > 0
FROM categories;

-- check: cost stays below price
SELECT bool_and(cost <= price) FROM products;

-- check: line numbers of an order count from 1
SELECT min(line_no) = 1 FROM order_items;
