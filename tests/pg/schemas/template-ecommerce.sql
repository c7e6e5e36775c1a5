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

-- check: every address, order and review comes after its customer signed up
SELECT (SELECT count(*) FROM addresses a JOIN customers c ON c.id = a.customer_id
        WHERE a.created_at < c.created_at) = 0
   AND (SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id
        WHERE o.ordered_at < c.created_at) = 0
   AND (SELECT count(*) FROM reviews r JOIN customers c ON c.id = r.customer_id
        WHERE r.created_at < c.created_at) = 0;

-- check: the catalogue was loaded before the first customer signed up
SELECT (SELECT max(created_at) FROM products) < (SELECT min(created_at) FROM customers);

-- check: logins come after signing up
SELECT bool_and(last_login_at >= created_at) FROM customers WHERE last_login_at IS NOT NULL;

-- check: a few loyal customers place most orders (zipf), a third never order
SELECT (SELECT sum(n) FROM (SELECT count(*) AS n FROM orders GROUP BY customer_id
                            ORDER BY n DESC LIMIT 10) top) >= 0.12 * (SELECT count(*) FROM orders)
   AND (SELECT count(DISTINCT customer_id) FROM orders) < 0.85 * (SELECT count(*) FROM customers);

-- check: best sellers dominate the order lines (zipf)
SELECT (SELECT sum(n) FROM (SELECT count(*) AS n FROM order_items GROUP BY product_id
                            ORDER BY n DESC LIMIT 25) top) >= 0.3 * (SELECT count(*) FROM order_items);

-- check: each order's lines are numbered 1..n without gaps
SELECT bool_and(max_line = lines AND min_line = 1)
FROM (SELECT order_id, min(line_no) AS min_line, max(line_no) AS max_line, count(*) AS lines
      FROM order_items GROUP BY order_id) s;

-- check: line prices are the product's price and totals add up
SELECT bool_and(i.unit_price = p.price AND i.line_total = i.quantity * i.unit_price)
FROM order_items i JOIN products p ON p.id = i.product_id;

-- check: payments are for the order's total, at checkout
SELECT bool_and(p.amount = o.total AND p.paid_at = o.ordered_at)
FROM payments p JOIN orders o ON o.id = p.order_id;

-- check: order status agrees with its shipping and delivery dates
SELECT bool_and(CASE status
                WHEN 'shipped' THEN shipped_at IS NOT NULL AND delivered_at IS NULL
                WHEN 'delivered' THEN delivered_at >= shipped_at
                WHEN 'refunded' THEN delivered_at >= shipped_at
                ELSE shipped_at IS NULL AND delivered_at IS NULL END)
   AND count(*) FILTER (WHERE status = 'delivered') > 0.6 * count(*)
   AND count(DISTINCT status) = 6
FROM orders;

-- check: shipments carry their order's dates and a tracking number of their carrier
SELECT bool_and(s.shipped_at IS NOT DISTINCT FROM o.shipped_at
                AND s.delivered_at IS NOT DISTINCT FROM o.delivered_at)
   AND bool_and(CASE s.carrier WHEN 'UPS' THEN s.tracking_number ~ '^1Z[0-9A-Z]{16}$'
                               WHEN 'FedEx' THEN s.tracking_number ~ '^[0-9]{12}$'
                               WHEN 'USPS' THEN s.tracking_number ~ '^9[0-9]{21}$'
                               ELSE s.tracking_number ~ '^JD[0-9]{16}$' END)
   AND bool_and(CASE s.status WHEN 'label_created' THEN s.shipped_at IS NULL
                              WHEN 'in_transit' THEN s.shipped_at IS NOT NULL AND s.delivered_at IS NULL
                              ELSE s.delivered_at IS NOT NULL END)
FROM shipments s JOIN orders o ON o.id = s.order_id;

-- check: orders ship within days and arrive within two weeks
SELECT bool_and(shipped_at - ordered_at <= interval '4 days')
   AND bool_and(delivered_at - ordered_at <= interval '12 days')
FROM orders WHERE delivered_at IS NOT NULL;

-- check: the category tree has no cycles and every chain ends at a root
WITH RECURSIVE up(id, parent, depth) AS (
    SELECT id, parent_id, 0 FROM categories
    UNION ALL
    SELECT u.id, c.parent_id, u.depth + 1 FROM up u JOIN categories c ON c.id = u.parent
    WHERE u.depth < 100
)
SELECT max(depth) < 100 AND count(DISTINCT id) FILTER (WHERE parent IS NULL)
                            = (SELECT count(*) FROM categories)
FROM up;

-- check: reserved stock never exceeds stock on hand
SELECT bool_and(quantity_reserved <= quantity_on_hand) FROM inventory;

-- check: warehouse names name their city
SELECT bool_and(name = city || ' Fulfillment Center') FROM warehouses;

-- check: ratings are J-shaped (5 most common, 2 least) and low ratings get critical titles
SELECT (SELECT rating FROM reviews GROUP BY rating ORDER BY count(*) DESC LIMIT 1) = 5
   AND (SELECT rating FROM reviews GROUP BY rating ORDER BY count(*) LIMIT 1) = 2
   AND (SELECT count(*) FROM reviews WHERE rating <= 3
        AND title IN ('Great product', 'Love it', 'Five stars', 'Highly recommend')) = 0;

-- check: the dump's constraints: 11 primary keys, 5 unique, 12 foreign keys, 22 checks, all validated
SELECT count(*) FILTER (WHERE contype = 'p') = 11
   AND count(*) FILTER (WHERE contype = 'u') = 5
   AND count(*) FILTER (WHERE contype = 'f') = 12
   AND count(*) FILTER (WHERE contype = 'c') = 22
   AND bool_and(convalidated)
FROM pg_constraint WHERE connamespace = 'public'::regnamespace;
