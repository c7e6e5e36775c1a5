-- Queries about the embedded fintech template's data (datagen generate
-- --template fintech) beyond the generic checks.

-- check: customers are adults with consistent names, emails and addresses
SELECT bool_and(full_name = first_name || ' ' || last_name)
   AND bool_and(date_of_birth <= '2007-01-01' AND date_of_birth >= '1930-01-01')
   AND count(*) FILTER (WHERE position(lower(last_name) IN email) > 0) >= 0.8 * count(*)
   AND bool_and(street_address ~ '[0-9]' AND postal_code ~ '^[0-9]{5}$')
FROM customers;

-- check: accounts are opened after the customer signed up and carry the customer's name
SELECT bool_and(a.opened_at >= c.created_at AND a.holder_name = c.full_name)
FROM accounts a JOIN customers c ON c.id = a.customer_id;

-- check: credit limits on credit accounts only; account numbers are ten digits
SELECT bool_and((type = 'credit') = (credit_limit IS NOT NULL))
   AND bool_and(account_number ~ '^[0-9]{10}$')
FROM accounts;

-- check: cards are issued after their account was opened, to the account holder
SELECT bool_and(c.issued_at >= a.opened_at AND c.cardholder_name = a.holder_name)
FROM cards c JOIN accounts a ON a.id = c.account_id;

-- check: card numbers pass the Luhn check and match their brand's prefix and length
SELECT bool_and(sum_digits % 10 = 0)
   AND bool_and(CASE brand WHEN 'visa' THEN card_number ~ '^4' AND length(card_number) IN (13, 16, 19)
                           WHEN 'mastercard' THEN card_number ~ '^(5[1-5]|2[2-7])' AND length(card_number) = 16
                           WHEN 'amex' THEN card_number ~ '^3[47]' AND length(card_number) = 15
                           ELSE card_number ~ '^6' AND length(card_number) = 16 END)
FROM (SELECT c.card_number, c.brand,
             (SELECT sum(CASE WHEN i % 2 = 0
                              THEN (CASE WHEN 2 * d > 9 THEN 2 * d - 9 ELSE 2 * d END)
                              ELSE d END)
              FROM (SELECT ordinality AS i, ch::int AS d
                    FROM unnest(string_to_array(reverse(c.card_number), NULL)) WITH ORDINALITY AS ch) x)
             AS sum_digits
      FROM cards c) s;

-- check: merchant categories agree with their merchant category codes
SELECT bool_and(CASE mcc WHEN '5411' THEN category = 'Grocery Stores'
                         WHEN '5812' THEN category = 'Restaurants'
                         WHEN '5541' THEN category = 'Service Stations'
                         ELSE category <> '' END)
FROM merchants;

-- check: transactions use the card's own account and the merchant's name and code
SELECT bool_and(t.account_id = c.account_id AND t.descriptor = m.name AND t.mcc = m.mcc)
FROM transactions t JOIN cards c ON c.id = t.card_id JOIN merchants m ON m.id = t.merchant_id;

-- check: transactions come one a minute (within the jitter), after every card was issued
SELECT bool_and(abs(extract(epoch FROM posted_at - ('2025-01-01 00:00:00+00'::timestamptz
                                                     + (id - 1) * interval '1 minute'))) <= 25)
   AND min(posted_at) >= (SELECT max(issued_at) FROM cards)
FROM transactions;

-- check: a few big merchants take most transactions (zipf; uniform would give the top 10 2%)
SELECT (SELECT sum(n) FROM (SELECT count(*) AS n FROM transactions GROUP BY merchant_id
                            ORDER BY n DESC LIMIT 10) top) >= 0.3 * (SELECT count(*) FROM transactions);

-- check: spending peaks in the evening (18:00) and bottoms out before dawn (06:00)
SELECT avg(amount) FILTER (WHERE extract(hour FROM posted_at AT TIME ZONE 'UTC') BETWEEN 16 AND 19)
       > avg(amount) FILTER (WHERE extract(hour FROM posted_at AT TIME ZONE 'UTC') BETWEEN 4 AND 7) + 30
FROM transactions;

-- check: weekends outspend the early week
SELECT avg(amount) FILTER (WHERE extract(isodow FROM posted_at AT TIME ZONE 'UTC') IN (5, 6))
       > avg(amount) FILTER (WHERE extract(isodow FROM posted_at AT TIME ZONE 'UTC') IN (1, 2)) + 8
FROM transactions;

-- check: every transaction has exactly two ledger legs that balance
SELECT (SELECT count(*) FROM transactions) * 2 = (SELECT count(*) FROM ledger_entries)
   AND bool_and(debits = credits AND legs = 2)
FROM (SELECT transaction_id, count(*) AS legs,
             sum(amount) FILTER (WHERE side = 'debit') AS debits,
             sum(amount) FILTER (WHERE side = 'credit') AS credits
      FROM ledger_entries GROUP BY transaction_id) s;

-- check: ledger legs copy their transaction's account, amount and time
SELECT bool_and(l.account_id = t.account_id AND l.amount = t.amount AND l.posted_at = t.posted_at)
FROM ledger_entries l JOIN transactions t ON t.id = l.transaction_id;

-- check: the general ledger balances: customer deposits debited by what card settlement is credited
SELECT sum(amount) FILTER (WHERE gl_account = 'customer_deposits' AND side = 'debit')
     = sum(amount) FILTER (WHERE gl_account = 'card_settlement' AND side = 'credit')
FROM ledger_entries;

-- check: the dump's constraints: 6 primary keys, 4 unique, 6 foreign keys, 10 checks, all validated
SELECT count(*) FILTER (WHERE contype = 'p') = 6
   AND count(*) FILTER (WHERE contype = 'u') = 4
   AND count(*) FILTER (WHERE contype = 'f') = 6
   AND count(*) FILTER (WHERE contype = 'c') = 10
   AND bool_and(convalidated)
FROM pg_constraint WHERE connamespace = 'public'::regnamespace;
