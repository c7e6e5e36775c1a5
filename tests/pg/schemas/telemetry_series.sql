-- Queries about telemetry_series.json: timeseries, series and distributions.

-- check: metrics timestamps strictly increase with the row
SELECT bool_and(recorded_at > previous)
FROM (SELECT recorded_at, lag(recorded_at) OVER (ORDER BY id) AS previous
      FROM metrics) s
WHERE previous IS NOT NULL;

-- check: metrics timestamps stay within the jitter of their slot
SELECT bool_and(abs(extract(epoch FROM recorded_at
                    - ('2024-03-01 00:00:00+00'::timestamptz
                       + (id - 1) * interval '5 minutes'))) <= 90)
       AND min(recorded_at) >= '2024-03-01 00:00:00+00'
FROM metrics;

-- check: office visits strictly increase with the row
SELECT bool_and(visited_at > previous)
FROM (SELECT visited_at, lag(visited_at) OVER (ORDER BY id) AS previous
      FROM office_visits) s
WHERE previous IS NOT NULL;

-- check: office visits only in business hours, Monday to Friday
SELECT bool_and(extract(isodow FROM visited_at) BETWEEN 1 AND 5
                AND visited_at::time >= '09:00' AND visited_at::time < '17:00')
FROM office_visits;

-- check: office visits cover every weekday and the whole working day
SELECT count(DISTINCT extract(isodow FROM visited_at)) = 5
       AND min(visited_at::time) < '09:20' AND max(visited_at::time) > '16:40'
FROM office_visits;

-- check: sensor log timestamps strictly increase in table order
SELECT bool_and(taken_at > previous)
FROM (SELECT taken_at, lag(taken_at) OVER (ORDER BY ctid) AS previous
      FROM sensor_log) s
WHERE previous IS NOT NULL;

-- check: daily sales on weekdays only, no weekday skipped
SELECT bool_and(extract(isodow FROM day) BETWEEN 1 AND 5)
       AND bool_and(day - previous = CASE WHEN extract(isodow FROM day) = 1
                                          THEN 3 ELSE 1 END)
FROM (SELECT day, lag(day) OVER (ORDER BY day) AS previous FROM daily_sales) s
WHERE previous IS NOT NULL;

-- check: daily sales in table order are the days in order
SELECT bool_and(day > previous)
FROM (SELECT day, lag(day) OVER (ORDER BY ctid) AS previous
      FROM daily_sales) s
WHERE previous IS NOT NULL;

-- check: series values stay inside their clamps
SELECT (SELECT bool_and(cpu BETWEEN 0 AND 100) AND bool_and(requests >= 0)
        FROM metrics)
       AND (SELECT bool_and(revenue >= 0) FROM daily_sales);

-- check: the daily wave shows, mornings (peak 06:00) above evenings
SELECT avg(cpu) FILTER (WHERE extract(hour FROM recorded_at AT TIME ZONE 'UTC')
                              BETWEEN 4 AND 7)
       > avg(cpu) FILTER (WHERE extract(hour FROM recorded_at AT TIME ZONE 'UTC')
                                BETWEEN 16 AND 19) + 30
FROM metrics;

-- check: the temperature follows the time of day
SELECT abs(avg(temperature) FILTER (WHERE extract(hour FROM taken_at) = 6) - 24.9) < 0.3
       AND abs(avg(temperature) FILTER (WHERE extract(hour FROM taken_at) = 18) - 15.1) < 0.3
FROM sensor_log;

-- check: revenue rises by about 2 a day
SELECT regr_slope(revenue, day - date '2023-01-02') BETWEEN 1.6 AND 2.4
FROM daily_sales;

-- check: lognormal latency has its mean and a right skew
SELECT avg(latency_ms) BETWEEN 112 AND 128
       AND percentile_cont(0.5) WITHIN GROUP (ORDER BY latency_ms) < avg(latency_ms)
       AND min(latency_ms) >= 1 AND max(latency_ms) <= 5000
FROM metrics;

-- check: normal visitor counts centre on 12
SELECT avg(visitors) BETWEEN 11.6 AND 12.4 AND stddev_pop(visitors) BETWEEN 3.6 AND 4.4
FROM office_visits;

-- check: exponential waits have mean and stddev near 8
SELECT avg(wait_minutes) BETWEEN 7.4 AND 8.6 AND stddev_pop(wait_minutes) BETWEEN 7.2 AND 8.8
       AND min(wait_minutes) >= 0
FROM office_visits;

-- check: zipf puts status 200 first, with about 2.6 times the share of 201
SELECT (SELECT status_code FROM metrics GROUP BY status_code
        ORDER BY count(*) DESC LIMIT 1) = 200
       AND (SELECT count(*) FILTER (WHERE status_code = 200)::float
                   / count(*) FILTER (WHERE status_code = 201)
            FROM metrics) BETWEEN 2.0 AND 3.4;

-- check: zipf badge levels, level 1 holds about half the visits
SELECT (count(*) FILTER (WHERE badge_level = 1))::float / count(*) BETWEEN 0.46 AND 0.54
FROM office_visits;

-- check: normal order counts
SELECT avg(orders) BETWEEN 97 AND 103 FROM daily_sales;
