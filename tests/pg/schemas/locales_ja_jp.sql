-- Queries about locales_ja_jp.json: the data of locale ja_JP. Each returns one
-- boolean that must be true.

-- check: postal codes have the locale's shape
SELECT bool_and(postal_code ~ '^[0-9]{3}-[0-9]{4}$') FROM customers;

-- check: unique postal codes have it too
SELECT bool_and(postal_code ~ '^[0-9]{3}-[0-9]{4}$') FROM offices;

-- check: phone numbers have the locale's shape
SELECT bool_and(phone ~ '^0[1-9][0-9]{0,3}-[0-9]{1,4}-[0-9]{4}$') FROM customers;

-- check: unique phone numbers have it too
SELECT bool_and(phone ~ '^0[1-9][0-9]{0,3}-[0-9]{1,4}-[0-9]{4}$') FROM offices;

-- check: streets are written in the locale's order
SELECT bool_and(street_address ~ '^[^0-9 ]+[1-9](丁目|-)[0-9]{1,2}-[0-9]{1,2}( [0-9]+号室)?$')
FROM customers;

-- check: addresses lie in the locale's country
SELECT bool_and(country = 'Japan') AND bool_and(country_code = 'JP')
FROM offices;

-- check: full names are the row's names in the locale's order
SELECT bool_and(full_name = last_name || ' ' || first_name) FROM customers;

-- check: mail addresses and user names are ASCII
SELECT bool_and(email ~ '^[a-z][a-z0-9._]*@example\.(com|net|org)$'
   AND username ~ '^[a-z][a-z0-9._]*$')
FROM customers;

-- check: a city lies in one region
SELECT bool_and(n = 1)
FROM (SELECT city, count(DISTINCT state) AS n FROM customers GROUP BY city) c;

-- check: the capital's postal codes and area code are its own
SELECT coalesce(bool_and(postal_code ~ '^2[2-4][0-9]-' AND phone LIKE '045-%'), true)
   AND count(*) > 0
FROM customers WHERE city = '横浜市';

-- check: names are written in Japanese script
SELECT bool_and(first_name !~ '[A-Za-z]'
   AND last_name !~ '[A-Za-z]'
   AND city !~ '[A-Za-z]')
FROM customers;

-- check: addresses without city columns begin with the prefecture
SELECT bool_and(address ~ '^(東京都|北海道|(京都|大阪)府|.{2,3}県)') FROM offices;
