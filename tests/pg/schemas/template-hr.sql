-- Queries about the embedded hr template's data (datagen generate
-- --template hr) beyond the generic checks.

-- check: the department tree has one root, the company, and every department reaches it
WITH RECURSIVE up(id, parent, depth) AS (
    SELECT id, parent_id, 0 FROM departments
    UNION ALL
    SELECT u.id, d.parent_id, u.depth + 1 FROM up u JOIN departments d ON d.id = u.parent
    WHERE u.depth < 100
)
SELECT (SELECT count(*) FROM departments WHERE parent_id IS NULL) = 1
   AND (SELECT min(id) FROM departments WHERE parent_id IS NULL) = 1
   AND max(depth) < 100
   AND count(DISTINCT id) FILTER (WHERE parent IS NULL) = (SELECT count(*) FROM departments)
FROM up;

-- check: every employee's management chain ends at the single chief executive, without cycles
WITH RECURSIVE chain(id, manager, depth) AS (
    SELECT id, manager_id, 0 FROM employees
    UNION ALL
    SELECT c.id, e.manager_id, c.depth + 1 FROM chain c JOIN employees e ON e.id = c.manager
    WHERE c.depth < 1000
)
SELECT (SELECT count(*) FROM employees WHERE manager_id IS NULL) = 1
   AND max(depth) < 1000
   AND count(DISTINCT id) FILTER (WHERE manager IS NULL) = (SELECT count(*) FROM employees)
FROM chain;

-- check: managers were hired no later than the people who report to them
SELECT bool_and(m.hire_date <= e.hire_date AND e.manager_id < e.id)
FROM employees e JOIN employees m ON m.id = e.manager_id;

-- check: the chief executive manages several people directly and the hierarchy is several levels deep
WITH RECURSIVE down(id, depth) AS (
    SELECT id, 0 FROM employees WHERE manager_id IS NULL
    UNION ALL
    SELECT e.id, d.depth + 1 FROM employees e JOIN down d ON e.manager_id = d.id
)
SELECT (SELECT count(*) FROM employees WHERE manager_id = (SELECT id FROM employees
                                                          WHERE manager_id IS NULL)) >= 3
   AND max(depth) BETWEEN 5 AND 40
FROM down;

-- check: employees were adults when hired; work emails agree with their names
SELECT bool_and(birth_date <= hire_date - 6570)
   AND bool_and(email LIKE '%@corp.example.com')
   AND count(*) FILTER (WHERE position(lower(last_name) IN email) > 0) >= 0.8 * count(*)
   AND bool_and(employee_number = 'E' || lpad(id::text, 6, '0'))
FROM employees;

-- check: part-timers, and only they, work less than full time
SELECT bool_and((employment_type = 'part_time') = (fte < 1)) FROM employees;

-- check: some departments are much larger than others (zipf)
SELECT max(n) >= 4 * percentile_cont(0.5) WITHIN GROUP (ORDER BY n)
FROM (SELECT count(*) AS n FROM employees GROUP BY department_id) s;

-- check: salary changes come after the hire; longer-serving employees have more of them
SELECT (SELECT bool_and(s.effective_date >= e.hire_date)
        FROM salary_history s JOIN employees e ON e.id = s.employee_id)
   AND (SELECT corr(e.hire_date - date '2020-01-01', n) < -0.5
        FROM employees e JOIN (SELECT employee_id, count(*) AS n FROM salary_history
                               GROUP BY employee_id) s ON s.employee_id = e.id);

-- check: salaries are right-skewed around the configured mean
SELECT avg(base_salary) BETWEEN 85000 AND 99000
   AND percentile_cont(0.5) WITHIN GROUP (ORDER BY base_salary) < avg(base_salary)
FROM salary_history;

-- check: leave is requested after the hire, approved by the employee's manager, and ends days - 1 after it starts
SELECT bool_and(t.requested_at::date >= e.hire_date)
   AND bool_and(t.approver_id IS NOT DISTINCT FROM e.manager_id)
   AND bool_and(t.end_date = t.start_date + t.days - 1 AND t.start_date >= t.requested_at::date)
FROM time_off t JOIN employees e ON e.id = t.employee_id;

-- check: decisions follow requests; open and cancelled requests have none
SELECT bool_and((status IN ('approved', 'rejected')) = (decided_at IS NOT NULL))
   AND bool_and(decided_at >= requested_at) FILTER (WHERE decided_at IS NOT NULL)
   AND count(*) FILTER (WHERE status = 'approved') > 0.6 * count(*)
FROM time_off;

-- check: most leave is short vacation
SELECT (SELECT kind FROM time_off GROUP BY kind ORDER BY count(*) DESC LIMIT 1) = 'vacation'
   AND (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY days) FROM time_off) <= 3;

-- check: the dump's constraints: 5 primary keys, 3 unique, 6 foreign keys, 9 checks, all validated
SELECT count(*) FILTER (WHERE contype = 'p') = 5
   AND count(*) FILTER (WHERE contype = 'u') = 3
   AND count(*) FILTER (WHERE contype = 'f') = 6
   AND count(*) FILTER (WHERE contype = 'c') = 9
   AND bool_and(convalidated)
FROM pg_constraint WHERE connamespace = 'public'::regnamespace;

-- check: offices are named after their city; the largest offices hold most staff (zipf)
SELECT (SELECT bool_and(name = city || ' Office') FROM locations)
   AND (SELECT max(n) >= 0.3 * sum(n) FROM (SELECT count(*) AS n FROM employees GROUP BY location_id) s);
