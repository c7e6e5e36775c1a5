-- Queries about locales_en_gb.json: the data of locale en_GB. Each returns one
-- boolean that must be true.

-- check: postal codes have the locale's shape
SELECT bool_and(postal_code ~ '^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2}$')
FROM customers;

-- check: unique postal codes have it too
SELECT bool_and(postal_code ~ '^[A-Z]{1,2}[0-9][0-9A-Z]? [0-9][ABD-HJLNP-UW-Z]{2}$')
FROM offices;

-- check: phone numbers have the locale's shape
SELECT bool_and(phone ~ '^0([0-9]{2} [0-9]{4} [0-9]{4}|[0-9]{3} [0-9]{3} [0-9]{4}|[0-'
                        '9]{4} [0-9]{6})$')
FROM customers;

-- check: unique phone numbers have it too
SELECT bool_and(phone ~ '^0([0-9]{2} [0-9]{4} [0-9]{4}|[0-9]{3} [0-9]{3} [0-9]{4}|[0-'
                        '9]{4} [0-9]{6})$')
FROM offices;

-- check: streets are written in the locale's order
SELECT bool_and(street_address ~ '^((Flat|Apartment) [0-9]+, )?[1-9][0-9]{0,2} [A-Z][A-Za-z'' '
                                 ']+$')
FROM customers;

-- check: addresses lie in the locale's country
SELECT bool_and(country = 'United Kingdom') AND bool_and(country_code = 'GB')
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
SELECT coalesce(bool_and(postal_code ~ '^(EC|WC|SW|SE|N|NW|E|W)[0-9]' AND phone LIKE '020 %'), true)
   AND count(*) > 0
FROM customers WHERE city = 'London';
