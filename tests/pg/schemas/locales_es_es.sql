-- Queries about locales_es_es.json: the data of locale es_ES. Each returns one
-- boolean that must be true.

-- check: postal codes have the locale's shape
SELECT bool_and(postal_code ~ '^(0[1-9]|[1-4][0-9]|5[0-2])[0-9]{3}$') FROM customers;

-- check: unique postal codes have it too
SELECT bool_and(postal_code ~ '^(0[1-9]|[1-4][0-9]|5[0-2])[0-9]{3}$') FROM offices;

-- check: phone numbers have the locale's shape
SELECT bool_and(phone ~ '^[89][0-9]{2} [0-9]{3} [0-9]{3}$') FROM customers;

-- check: unique phone numbers have it too
SELECT bool_and(phone ~ '^[89][0-9]{2} [0-9]{3} [0-9]{3}$') FROM offices;

-- check: streets are written in the locale's order
SELECT bool_and(street_address ~ '^(Calle|C/|Avenida|Avda\.|Plaza|Pza\.|Paseo|Pº|Camino|Cno\.|'
                                 'Carretera|Ctra\.|Ronda|Rda\.|Travesía|Trva\.|Glorieta|Gta\.)'
                                 ' [^0-9]+ [1-9][0-9]{0,2}(, [1-9]º ([A-D]|izda\.|dcha\.))?$')
FROM customers;

-- check: addresses lie in the locale's country
SELECT bool_and(country = 'Spain') AND bool_and(country_code = 'ES')
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
SELECT coalesce(bool_and(postal_code ~ '^28' AND phone LIKE '91%'), true)
   AND count(*) > 0
FROM customers WHERE city = 'Madrid';

-- check: the locale's letters appear
SELECT count(*) FILTER (WHERE (first_name || last_name || street_address || city)
                        ~ '[áéíóúñ]') > 0
FROM customers;
