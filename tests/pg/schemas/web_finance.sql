-- Queries about web_finance.json's data: web, text, payment and coordinate
-- generators.

-- check: card numbers pass the Luhn check
SELECT bool_and(ok) FROM (
  SELECT (SELECT sum(CASE WHEN i % 2 = 0
                          THEN d * 2 - CASE WHEN d * 2 > 9 THEN 9 ELSE 0 END
                          ELSE d END)
            FROM (SELECT substr(reverse(n), i, 1)::int AS d, i
                    FROM generate_series(1, length(n)) AS i) AS digits) % 10 = 0
         AS ok
    FROM (SELECT card_number AS n FROM payments
          UNION ALL SELECT amex FROM payments) AS cards) AS checked;

-- check: card numbers have their brand's prefix and length
SELECT bool_and(card_number ~ '^(4[0-9]{15}|5[1-5][0-9]{14}|2[2-7][0-9]{14}|3[47][0-9]{13}|6(011|5[0-9]{2})[0-9]{12})$')
   AND bool_and(amex ~ '^3[47][0-9]{13}$')
  FROM payments;

-- check: IBANs have valid mod-97 check digits
SELECT bool_and(ok) FROM (
  SELECT (SELECT string_agg(CASE WHEN c ~ '[A-Z]' THEN (ascii(c) - 55)::text
                                 ELSE c END, '' ORDER BY i)
            FROM (SELECT substr(r, i, 1) AS c, i
                    FROM generate_series(1, length(r)) AS i) AS chars
         )::numeric % 97 = 1 AS ok
    FROM (SELECT substr(n, 5) || substr(n, 1, 4) AS r
            FROM (SELECT iban AS n FROM payments
                  UNION ALL
                  SELECT replace(payout_iban, ' ', '') FROM payments) AS all_ibans
         ) AS moved) AS checked;

-- check: IBANs have their country's length
SELECT bool_and(length(iban) = CASE left(iban, 2) WHEN 'DE' THEN 22 WHEN 'GB' THEN 22
                                 WHEN 'FR' THEN 27 WHEN 'ES' THEN 24 WHEN 'NL' THEN 18 END)
   AND bool_and(payout_iban ~ '^GB[0-9]{2} [A-Z]{4}( [0-9]{4}){3} [0-9]{2}$')
  FROM payments;

-- check: currency codes are ISO 4217 shaped and USD is the most common
SELECT bool_and(currency ~ '^[A-Z]{3}$')
   AND (SELECT currency FROM payments GROUP BY currency ORDER BY count(*) DESC LIMIT 1) = 'USD'
  FROM payments;

-- check: host names lie under the reserved example domains
SELECT bool_and(domain ~ '^[a-z]+(-[a-z]+)?[0-9]*\.example\.(com|net|org)$')
   AND bool_and(website ~ '^https://www\.[a-z-]+\.example\.(com|net|org)(/[a-z/-]*)?$')
   AND bool_and(avatar_url IS NULL OR avatar_url ~ '^https://[a-z.-]+\.example\.(com|net|org)')
  FROM sites;

-- check: IPv4 addresses are single public-looking hosts
SELECT bool_and(family(ip_address) = 4 AND masklen(ip_address) = 32)
   AND bool_and(NOT (ip_address << '10.0.0.0/8' OR ip_address << '127.0.0.0/8'
                     OR ip_address << '172.16.0.0/12' OR ip_address << '192.168.0.0/16'
                     OR ip_address << '169.254.0.0/16' OR ip_address << '100.64.0.0/10'
                     OR ip_address << '192.0.2.0/24' OR ip_address << '198.51.100.0/24'
                     OR ip_address << '203.0.113.0/24' OR ip_address >= '224.0.0.0'))
   AND bool_and(client_ip::inet IS NOT NULL AND family(client_ip::inet) = 4)
  FROM sites;

-- check: IPv6 addresses lie in the documentation prefix
SELECT bool_and(ipv6 << '2001:db8::/32' AND ipv6_text::inet << '2001:db8::/32') FROM sites;

-- check: MAC addresses parse and are unicast
SELECT bool_and(mac_text::macaddr IS NOT NULL)
   AND bool_and((('x' || substr(mac_address::text, 1, 2))::bit(8)::int) % 2 = 0)
  FROM sites;

-- check: coordinates lie in range
SELECT bool_and(latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180)
   AND bool_and(lat BETWEEN -90 AND 90 AND lng BETWEEN -10 AND 30)
   AND max(longitude) > 90 AND min(longitude) < -90
  FROM sites;

-- check: text kinds have their shapes
SELECT bool_and(title ~ '^[A-Z][a-z]*( [A-Z][a-z]*)*$')
   AND bool_and(subject ~ '^[A-Z][a-z]*( [a-z]+)*\.$')
   AND bool_and(description IS NULL OR description ~ '^[A-Z][a-z ]*\.( [A-Z][a-z ]*\.)*$')
   AND bool_and(keyword ~ '^[a-z]+$' AND notes ~ '^[a-z]+$')
   AND bool_and(hex_color ~ '^#[0-9a-f]{6}$' AND color ~ '^[a-z]+$')
  FROM sites;

-- check: sentences and paragraphs of payments respect their settings
SELECT bool_and(sentence ~ '^[A-Z][a-z]*( [a-z]+){2,5}\.$')
   AND bool_and(paragraph IS NULL OR paragraph ~ '^[^.]+\.( [^.]+\.)?$')
  FROM payments;

-- check: true_fraction 0.8 gives mostly true
SELECT avg(enabled::int) BETWEEN 0.7 AND 0.9 FROM sites;
