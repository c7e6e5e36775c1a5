-- Queries about locales_de_de.json: the data of locale de_DE. Each returns one
-- boolean that must be true.

-- check: postal codes have the locale's shape
SELECT bool_and(postal_code ~ '^[0-9]{5}$') FROM customers;

-- check: unique postal codes have it too
SELECT bool_and(postal_code ~ '^[0-9]{5}$') FROM offices;

-- check: phone numbers have the locale's shape
SELECT bool_and(phone ~ '^0[1-9][0-9]{1,3} [2-9][0-9]{5,7}$') FROM customers;

-- check: unique phone numbers have it too
SELECT bool_and(phone ~ '^0[1-9][0-9]{1,3} [2-9][0-9]{5,7}$') FROM offices;

-- check: streets are written in the locale's order
SELECT bool_and(street_address ~ '^[^0-9]+ [1-9][0-9]{0,2}[a-d]?$') FROM customers;

-- check: addresses lie in the locale's country
SELECT bool_and(country = 'Germany') AND bool_and(country_code = 'DE')
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
SELECT coalesce(bool_and(postal_code ~ '^1[0-4]' AND phone LIKE '030 %'), true)
   AND count(*) > 0
FROM customers WHERE city = 'Berlin';

-- check: the locale's letters appear
SELECT count(*) FILTER (WHERE (first_name || last_name || street_address || city)
                        ~ '[äöüß]') > 0
FROM customers;

-- check: umlauts become ae, oe, ue in mail addresses
SELECT bool_and(email LIKE '%mueller%')
   AND count(*) > 0
FROM customers WHERE last_name = 'Müller';
