-- Queries about patterns.json's data: regex and template values match.

-- check: customer codes match their pattern and are unique
SELECT bool_and(customer_code ~ '^[A-Z]{3}-[0-9]{4}$')
   AND count(DISTINCT customer_code) = count(*) FROM customers;

-- check: skus fill char(10) and are unique
SELECT bool_and(sku ~ '^(AB|CD|XY)[0-9]{8}$' AND octet_length(sku) = 10)
   AND count(DISTINCT sku) = count(*) FROM customers;

-- check: phones match
SELECT bool_and(phone ~ '^\([0-9]{3}\) [0-9]{3}-[0-9]{4}$') FROM customers;

-- check: postal codes take both alternatives
SELECT bool_and(postal ~ '^([0-9]{5}|[A-Z][0-9][A-Z] [0-9][A-Z][0-9])$')
   AND count(*) FILTER (WHERE postal ~ '^[0-9]{5}$') > 50
   AND count(*) FILTER (WHERE postal ~ ' ') > 50 FROM customers;

-- check: tags match, with and without the optional part, some NULL
SELECT bool_and(tag ~ '^[a-z]{1,9}(-[a-z]{2,4})?$')
   AND count(*) FILTER (WHERE tag LIKE '%-%') > 0
   AND count(*) FILTER (WHERE tag NOT LIKE '%-%') > 0
   AND count(*) FILTER (WHERE tag IS NULL) > 0 FROM customers;

-- check: negated classes, \w, \s and . give printable ASCII
SELECT bool_and(odd ~ '^[^a-z]\w\s.[[:upper:]]x{0,8}$'
                AND odd ~ '^[ -~]+$') FROM customers;

-- check: emails are the row's own names, lower-cased, numbered and unique
SELECT bool_and(email = lower(first_name) || '.' || lower(last_name) || '.'
                        || id || '@corp.example')
   AND count(DISTINCT email) = count(*) FROM customers;

-- check: greetings name the row's person within varchar(30)
SELECT bool_and(greeting = left('Dear ' || first_name || ' ' || last_name, 30))
  FROM customers;

-- check: order references carry a year of 2020-2024 and the row number
SELECT bool_and(order_ref = 'ORD-' || substr(order_ref, 5, 4) || '-'
                            || lpad(id::text, 6, '0'))
   AND bool_and(substr(order_ref, 5, 4)::int BETWEEN 2020 AND 2024)
   AND count(DISTINCT substr(order_ref, 5, 4)) = 5 FROM orders;

-- check: invoices are INV and eight digits
SELECT bool_and(invoice ~ '^INV-[0-9]{8}$') FROM orders;

-- check: labels fill every placeholder
SELECT bool_and(label ~ '^\{[A-Z]{3}\} #[0-9a-f]{6} x-?[0-5] r[0-9]+$'
                AND substring(label FROM ' r([0-9]+)$')::int = id - 1)
   AND min(substring(label FROM ' x(-?[0-9]+) ')::int) = -5
   AND max(substring(label FROM ' x(-?[0-9]+) ')::int) = 5 FROM orders;

-- check: batches match
SELECT bool_and(batch ~ '^B[0-9]{3}(-[A-Z])?$') FROM orders;
