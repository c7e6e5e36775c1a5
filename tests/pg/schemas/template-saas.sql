-- Queries about the embedded saas template's data (datagen generate
-- --template saas) beyond the generic checks.

-- check: the price list has one row per plan, with matching names, prices and seat limits
SELECT count(*) = 4 AND count(DISTINCT code) = 4
   AND bool_and(CASE code WHEN 'free' THEN name = 'Free' AND monthly_price = 0 AND max_seats = 3
                          WHEN 'starter' THEN name = 'Starter' AND monthly_price = 19 AND max_seats = 10
                          WHEN 'team' THEN name = 'Team' AND monthly_price = 49 AND max_seats = 50
                          ELSE name = 'Enterprise' AND monthly_price = 199 AND max_seats = 1000 END)
FROM plans;

-- check: users sign up after their organization, and log in after signing up
SELECT bool_and(u.created_at >= o.created_at)
   AND bool_and(u.last_login_at IS NULL OR u.last_login_at >= u.created_at)
FROM users u JOIN organizations o ON o.id = u.organization_id;

-- check: people have capitalised names and emails made from them
SELECT bool_and(first_name ~ '^[[:upper:]]' AND last_name ~ '^[[:upper:]]')
   AND bool_and(email ~ '^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$')
   AND count(*) FILTER (WHERE position(lower(translate(last_name, 'ñáéíóúü', 'naeiouu')) IN email) > 0)
       >= 0.8 * count(*)
FROM users;

-- check: a few large customers hold many seats (zipf; uniform would give the top 10 2%), most organizations are small
SELECT (SELECT sum(n) FROM (SELECT count(*) AS n FROM users GROUP BY organization_id
                            ORDER BY n DESC LIMIT 10) top) >= 0.15 * (SELECT count(*) FROM users)
   AND (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY n)
        FROM (SELECT count(*) AS n FROM users GROUP BY organization_id) s) <= 8;

-- check: every user has exactly one membership, in their own organization, since signing up
SELECT (SELECT count(*) FROM users) = (SELECT count(*) FROM memberships)
   AND bool_and(m.organization_id = u.organization_id AND m.joined_at = u.created_at)
FROM memberships m JOIN users u ON u.id = m.user_id;

-- check: most members are plain members, owners are few
SELECT (SELECT role FROM memberships GROUP BY role ORDER BY count(*) DESC LIMIT 1) = 'member'
   AND count(*) FILTER (WHERE role = 'owner') < 0.1 * count(*)
FROM memberships;

-- check: subscriptions start after the organization signed up and cost seats times the plan's price
SELECT bool_and(s.created_at >= o.created_at)
   AND bool_and(s.unit_price = p.monthly_price AND s.monthly_amount = s.seats * p.monthly_price)
FROM subscriptions s JOIN organizations o ON o.id = s.organization_id
JOIN plans p ON p.id = s.plan_id;

-- check: cancelled subscriptions, and only those, have a cancellation date after their start, none in the future
SELECT bool_and((status = 'canceled') = (cancelled_at IS NOT NULL))
   AND bool_and(cancelled_at > created_at AND cancelled_at <= '2025-01-01')
       FILTER (WHERE cancelled_at IS NOT NULL)
   AND count(*) FILTER (WHERE status = 'canceled') BETWEEN 0.1 * count(*) AND 0.4 * count(*)
FROM subscriptions;

-- check: invoices belong to the subscription's organization, after it started, for its monthly amount
SELECT bool_and(i.organization_id = s.organization_id)
   AND bool_and(i.invoice_date >= s.created_at::date)
   AND bool_and(i.amount_due = s.monthly_amount)
   AND bool_and(i.due_date = i.invoice_date + 30)
FROM invoices i JOIN subscriptions s ON s.id = i.subscription_id;

-- check: invoice numbers count up with the id
SELECT bool_and(number = 'INV-' || lpad(id::text, 7, '0')) FROM invoices;

-- check: paid invoices, and only those, have a payment date, after issue and not in the future
SELECT bool_and((status = 'paid') = (paid_at IS NOT NULL))
   AND bool_and(paid_at >= invoice_date AND paid_at <= '2025-01-01') FILTER (WHERE paid_at IS NOT NULL)
   AND count(*) FILTER (WHERE status = 'paid') > 0.8 * count(*)
FROM invoices;

-- check: older subscriptions have more invoices
SELECT corr(extract(epoch FROM s.created_at), n) < -0.3
FROM subscriptions s JOIN (SELECT subscription_id, count(*) AS n FROM invoices
                           GROUP BY subscription_id) i ON i.subscription_id = s.id;

-- check: usage events come from members of the organization, after they signed up, in time order
SELECT bool_and(e.organization_id = u.organization_id AND e.occurred_at >= u.created_at)
FROM usage_events e JOIN users u ON u.id = e.user_id;

-- check: usage event times rise with the id
SELECT bool_and(occurred_at > previous)
FROM (SELECT occurred_at, lag(occurred_at) OVER (ORDER BY id) AS previous FROM usage_events) s
WHERE previous IS NOT NULL;

-- check: power users generate much of the usage (zipf; uniform would give the top 50 1%) and quantities are right-skewed
SELECT (SELECT sum(n) FROM (SELECT count(*) AS n FROM usage_events GROUP BY user_id
                            ORDER BY n DESC LIMIT 50) top) >= 0.1 * (SELECT count(*) FROM usage_events)
   AND (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY quantity) < avg(quantity)
        FROM usage_events);

-- check: the audit log's actors belong to the organization and acted after signing up; logins dominate
SELECT bool_and(a.organization_id = u.organization_id AND a.created_at >= u.created_at)
   AND count(*) FILTER (WHERE a.action = 'user.login') > 0.3 * count(*)
   AND bool_and((a.target_type IS NULL) = (a.target_id IS NULL))
FROM audit_log a JOIN users u ON u.id = a.actor_id;

-- check: audit addresses are public IPv4 or documentation IPv6 addresses
SELECT bool_and(family(ip_address) = 4 AND NOT (ip_address << '10.0.0.0/8' OR ip_address << '192.168.0.0/16'
                                                OR ip_address << '127.0.0.0/8')
                OR family(ip_address) = 6 AND ip_address << '2001:db8::/32')
FROM audit_log;

-- check: the dump's constraints: 8 primary keys, 6 unique, 11 foreign keys, 15 checks, all validated
SELECT count(*) FILTER (WHERE contype = 'p') = 8
   AND count(*) FILTER (WHERE contype = 'u') = 6
   AND count(*) FILTER (WHERE contype = 'f') = 11
   AND count(*) FILTER (WHERE contype = 'c') = 15
   AND bool_and(convalidated)
FROM pg_constraint WHERE connamespace = 'public'::regnamespace;
