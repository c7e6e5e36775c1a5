-- Queries about hr.json's data beyond the generic checks.

-- check: the management chain has no cycles
WITH RECURSIVE chain(id, manager, depth) AS (
    SELECT id, manager_id, 0 FROM employees
    UNION ALL
    SELECT c.id, e.manager_id, c.depth + 1
    FROM chain c JOIN employees e ON e.id = c.manager
    WHERE c.depth < 600
)
SELECT max(depth) < 600 FROM chain;

-- check: somebody is at the top of the hierarchy
SELECT count(*) > 0 FROM employees WHERE manager_id IS NULL;

-- check: nobody manages themselves
SELECT count(*) = 0 FROM employees WHERE manager_id = id;

-- check: both directions of the department cycle are populated
SELECT (SELECT count(*) FROM departments WHERE head_employee_id IS NOT NULL) > 0
   AND (SELECT count(DISTINCT department_id) FROM employees) > 1;

-- check: badges are one-to-one with employees
SELECT count(*) = count(DISTINCT employee_id) FROM employee_badges;

-- check: pay grades respect their domain
SELECT bool_and(grade BETWEEN 1 AND 12) FROM employees;

-- check: bit strings have their declared lengths
SELECT bool_and(length(access_flags) = 8 AND length(skills_mask) <= 16) FROM employees;

-- check: ranges are well formed and varied
SELECT count(DISTINCT "Period") > 1 AND count(*) FILTER (WHERE lower("Period") > upper("Period")) = 0
FROM "ShiftRoster";

-- check: awkward text in a mixed-case column
SELECT count(DISTINCT "Notes") = 7 FROM "ShiftRoster";

-- check: emails look like addresses and agree with the person's name
SELECT bool_and(email ~ '^[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}$')
   AND count(*) FILTER (WHERE position(lower(last_name) IN email) > 0) >= 0.8 * count(*)
FROM employees;

-- check: hiring dates follow generator_config
SELECT bool_and(hired_on BETWEEN '2005-01-01' AND '2020-12-31') FROM employees;
