-- Queries about locales_en_us.json: the data of locale en_US. Each returns one
-- boolean that must be true.

-- check: postal codes have the locale's shape
SELECT bool_and(postal_code ~ '^[0-9]{5}$') FROM customers;

-- check: unique postal codes have it too
SELECT bool_and(postal_code ~ '^[0-9]{5}$') FROM offices;

-- check: phone numbers have the locale's shape
SELECT bool_and(phone ~ '^\([2-9][0-9]{2}\) [2-9][0-9]{2}-[0-9]{4}$') FROM customers;

-- check: unique phone numbers have it too
SELECT bool_and(phone ~ '^\([2-9][0-9]{2}\) [2-9][0-9]{2}-[0-9]{4}$') FROM offices;

-- check: streets are written in the locale's order
SELECT bool_and(street_address ~ '^[0-9]{1,4} [A-Za-z'' .-]+( (Apt|Suite|Unit) [0-9]+)?$')
FROM customers;

-- check: addresses lie in the locale's country
SELECT bool_and(country = 'United States') AND bool_and(country_code = 'US')
FROM offices;

-- check: full names are the row's names in the locale's order
SELECT bool_and(full_name = first_name || ' ' || last_name) FROM customers;

-- check: mail addresses and user names are ASCII
SELECT bool_and(email ~ '^[a-z][a-z0-9._]*@example\.(com|net|org)$'
   AND username ~ '^[a-z][a-z0-9._]*$')
FROM customers;

-- check: a city lies in one region
SELECT bool_and(n = 1)
FROM (SELECT city, count(DISTINCT state) AS n FROM customers GROUP BY city) c;

-- check: the capital's postal codes and area code are its own
SELECT coalesce(bool_and(postal_code ~ '^100' AND phone LIKE '(212) %'), true)
   AND count(*) > 0
FROM customers WHERE city = 'New York';
