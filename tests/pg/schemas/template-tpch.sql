-- Queries about the embedded tpch template's data (datagen generate
-- --template tpch) beyond the generic checks: TPC-H's keys, row-count
-- ratios and value domains.

-- check: the five regions and 25 nations with TPC-H's names and keys 0..n-1
SELECT (SELECT count(*) = 5 AND min(r_regionkey) = 0 AND max(r_regionkey) = 4
               AND bool_and(r_name IN ('AFRICA', 'AMERICA', 'ASIA', 'EUROPE', 'MIDDLE EAST'))
               AND count(DISTINCT r_name) = 5 FROM region)
   AND (SELECT count(*) = 25 AND min(n_nationkey) = 0 AND max(n_nationkey) = 24 AND count(DISTINCT n_name) = 25
               AND bool_and(n_name IN ('ALGERIA', 'ARGENTINA', 'BRAZIL', 'CANADA', 'EGYPT', 'ETHIOPIA',
                   'FRANCE', 'GERMANY', 'INDIA', 'INDONESIA', 'IRAN', 'IRAQ', 'JAPAN', 'JORDAN', 'KENYA',
                   'MOROCCO', 'MOZAMBIQUE', 'PERU', 'CHINA', 'ROMANIA', 'SAUDI ARABIA', 'VIETNAM',
                   'RUSSIA', 'UNITED KINGDOM', 'UNITED STATES'))
        FROM nation);

-- check: row counts keep TPC-H's ratios: 4 partsupp rows per part, 10 orders per customer, 4 lines per order
SELECT (SELECT count(*) FROM partsupp) = 4 * (SELECT count(*) FROM part)
   AND (SELECT count(*) FROM orders) = 10 * (SELECT count(*) FROM customer)
   AND (SELECT count(*) FROM part) = 20 * (SELECT count(*) FROM supplier)
   AND (SELECT count(*) FROM lineitem) BETWEEN 4 * (SELECT count(*) FROM orders)
                                          AND 4.001 * (SELECT count(*) FROM orders);

-- check: dense keys from 1 for part, supplier and customer; order keys use a quarter of the key space
SELECT (SELECT min(p_partkey) = 1 AND max(p_partkey) = count(*) FROM part)
   AND (SELECT min(s_suppkey) = 1 AND max(s_suppkey) = count(*) FROM supplier)
   AND (SELECT min(c_custkey) = 1 AND max(c_custkey) = count(*) FROM customer)
   AND (SELECT min(o_orderkey) = 1 AND max(o_orderkey) = 4 * count(*) - 3
               AND bool_and(o_orderkey % 4 = 1) FROM orders);

-- check: every order has its lines numbered 1..n without gaps, 4 or 5 of them
SELECT bool_and(lo = 1 AND hi = n AND n BETWEEN 4 AND 5)
   AND (SELECT count(DISTINCT l_orderkey) FROM lineitem) = (SELECT count(*) FROM orders)
FROM (SELECT l_orderkey, min(l_linenumber) AS lo, max(l_linenumber) AS hi, count(*) AS n
      FROM lineitem GROUP BY l_orderkey) s;

-- check: line items reference a supplier that supplies the part (partsupp's composite key)
SELECT count(*) = 0 FROM lineitem l
WHERE NOT EXISTS (SELECT 1 FROM partsupp ps WHERE ps.ps_partkey = l.l_partkey AND ps.ps_suppkey = l.l_suppkey);

-- check: parts have four suppliers on average, most between 1 and 8
SELECT avg(n) = 4 AND percentile_cont(0.99) WITHIN GROUP (ORDER BY n) <= 9
FROM (SELECT count(ps.ps_suppkey) AS n FROM part p LEFT JOIN partsupp ps ON ps.ps_partkey = p.p_partkey
      GROUP BY p.p_partkey) s;

-- check: retail prices follow TPC-H's formula
SELECT bool_and(p_retailprice = (90000 + ((p_partkey / 10) % 20001) + 100 * (p_partkey % 1000)) / 100.0)
   AND min(p_retailprice) >= 900 AND max(p_retailprice) <= 2100
FROM part;

-- check: part names, manufacturers, brands, types, sizes and containers are in TPC-H's domains
SELECT bool_and(array_length(string_to_array(p_name, ' '), 1) = 5)
   AND bool_and(p_mfgr ~ '^Manufacturer#[1-5] *$'
                AND p_brand ~ ('^Brand#' || substr(p_mfgr, 14, 1) || '[1-5] *$'))
   AND count(DISTINCT p_brand) = 25
   AND bool_and(p_type ~ '^(STANDARD|SMALL|MEDIUM|LARGE|ECONOMY|PROMO) (ANODIZED|BURNISHED|PLATED|POLISHED|BRUSHED) (TIN|NICKEL|BRASS|STEEL|COPPER)$')
   AND count(DISTINCT p_type) = 150
   AND bool_and(p_size BETWEEN 1 AND 50) AND count(DISTINCT p_size) = 50
   AND bool_and(p_container ~ '^(SM|LG|MED|JUMBO|WRAP) (CASE|BOX|BAG|JAR|PKG|PACK|CAN|DRUM) *$')
   AND count(DISTINCT p_container) = 40
FROM part;

-- check: names, phones and balances of suppliers and customers follow TPC-H
SELECT (SELECT bool_and(s_name = 'Supplier#' || lpad(s_suppkey::text, 9, '0')
                        AND s_phone ~ '^[1-3][0-9]-[0-9]{3}-[0-9]{3}-[0-9]{4}$'
                        AND s_acctbal BETWEEN -999.99 AND 9999.99
                        AND length(s_address) BETWEEN 10 AND 40) FROM supplier)
   AND (SELECT bool_and(c_name = 'Customer#' || lpad(c_custkey::text, 9, '0')
                        AND c_phone ~ '^[1-3][0-9]-[0-9]{3}-[0-9]{3}-[0-9]{4}$'
                        AND c_acctbal BETWEEN -999.99 AND 9999.99
                        AND c_mktsegment IN ('AUTOMOBILE', 'BUILDING', 'FURNITURE', 'MACHINERY', 'HOUSEHOLD'))
        FROM customer);

-- check: the five market segments are about equally common
SELECT min(n) > 0.9 * max(n) FROM (SELECT count(*) AS n FROM customer GROUP BY c_mktsegment) s;

-- check: orders: dates from 1992-01-01 to 1998-08-02, five priorities, clerks, ship priority 0
SELECT min(o_orderdate) = '1992-01-01' AND max(o_orderdate) = '1998-08-02'
   AND count(DISTINCT o_orderpriority) = 5
   AND bool_and(o_clerk ~ '^Clerk#[0-9]{9} *$') AND bool_and(o_shippriority = 0)
FROM orders;

-- check: order status: F before 1995-02-16, O after 1995-06-17, P only in between
SELECT bool_and(CASE WHEN o_orderdate < '1995-02-16' THEN o_orderstatus = 'F'
                     WHEN o_orderdate > '1995-06-17' THEN o_orderstatus = 'O'
                     ELSE true END)
   AND count(*) FILTER (WHERE o_orderstatus = 'P') BETWEEN 1 AND 0.05 * count(*)
FROM orders;

-- check: line quantities 1..50, discounts 0..0.10, taxes 0..0.08, as TPC-H's averages
SELECT min(l_quantity) = 1 AND max(l_quantity) = 50 AND avg(l_quantity) BETWEEN 25 AND 26
   AND min(l_discount) = 0 AND max(l_discount) = 0.10 AND avg(l_discount) BETWEEN 0.045 AND 0.055
   AND min(l_tax) = 0 AND max(l_tax) = 0.08 AND avg(l_tax) BETWEEN 0.035 AND 0.045
   AND avg(l_extendedprice) BETWEEN 35000 AND 41000
FROM lineitem;

-- check: receipt 1 to 30 days after shipping, commitment within 30 days of it, ship dates in TPC-H's range
SELECT bool_and(l_receiptdate - l_shipdate BETWEEN 1 AND 30)
   AND count(DISTINCT l_receiptdate - l_shipdate) = 30
   AND bool_and(abs(l_commitdate - l_shipdate) <= 30)
   AND min(l_shipdate) >= '1992-01-02' AND max(l_shipdate) <= '1998-12-01'
FROM lineitem;

-- check: return flags and line status as of 1995-06-17, in TPC-H's proportions (query 1's four groups)
SELECT bool_and(CASE WHEN l_receiptdate <= '1995-06-17' THEN l_returnflag IN ('R', 'A')
                     ELSE l_returnflag = 'N' END)
   AND bool_and((l_linestatus = 'O') = (l_shipdate > '1995-06-17'))
   AND count(*) FILTER (WHERE l_returnflag = 'A' AND l_linestatus = 'F') BETWEEN 0.22 * count(*) AND 0.27 * count(*)
   AND count(*) FILTER (WHERE l_returnflag = 'R' AND l_linestatus = 'F') BETWEEN 0.22 * count(*) AND 0.27 * count(*)
   AND count(*) FILTER (WHERE l_returnflag = 'N' AND l_linestatus = 'O') BETWEEN 0.46 * count(*) AND 0.54 * count(*)
   AND count(*) FILTER (WHERE l_returnflag = 'N' AND l_linestatus = 'F') BETWEEN 1 AND 0.02 * count(*)
FROM lineitem;

-- check: ship modes and instructions cover TPC-H's lists
SELECT count(DISTINCT l_shipmode) = 7 AND count(DISTINCT l_shipinstruct) = 4
   AND bool_and(l_shipmode IN ('REG AIR', 'AIR', 'RAIL', 'SHIP', 'TRUCK', 'MAIL', 'FOB'))
FROM lineitem;

-- check: the dump's constraints: 8 primary keys, 2 unique, 10 foreign keys, 16 checks, all validated
SELECT count(*) FILTER (WHERE contype = 'p') = 8
   AND count(*) FILTER (WHERE contype = 'u') = 2
   AND count(*) FILTER (WHERE contype = 'f') = 10
   AND count(*) FILTER (WHERE contype = 'c') = 16
   AND bool_and(convalidated)
FROM pg_constraint WHERE connamespace = 'public'::regnamespace;
