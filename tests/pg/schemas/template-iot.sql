-- Queries about the embedded iot template's data (datagen generate
-- --template iot) beyond the generic checks.

-- check: sites are named after their city, inside the contiguous United States
SELECT bool_and(name = city || ' Site ' || lpad(id::text, 2, '0'))
   AND bool_and(latitude BETWEEN 25 AND 49 AND longitude BETWEEN -124 AND -67)
FROM sites;

-- check: gateways are installed after their site was set up, sensors after their gateway
SELECT (SELECT bool_and(d.installed_at >= s.created_at) FROM devices d JOIN sites s ON s.id = d.site_id)
   AND (SELECT bool_and(x.installed_at >= d.installed_at) FROM sensors x JOIN devices d ON d.id = x.device_id);

-- check: gateway serial numbers and MAC addresses are unique and well formed
SELECT bool_and(serial_number ~ '^GW-[0-9A-F]{8}$')
   AND count(DISTINCT mac_address) = count(*)
   AND bool_and((get_byte(macaddr8_send(mac_address::macaddr8), 0) & 1) = 0)
FROM devices;

-- check: calibration offsets are small and centred on zero
SELECT abs(avg(temperature_offset)) < 0.15 AND max(abs(temperature_offset)) <= 1.5 FROM sensors;

-- check: readings come at a fixed 20-second interval (within a 4-second jitter), in id order
SELECT bool_and(abs(extract(epoch FROM recorded_at - ('2025-01-01 00:00:00+00'::timestamptz
                                                       + (id - 1) * interval '20 seconds'))) <= 4)
   AND bool_and(recorded_at > previous) FILTER (WHERE previous IS NOT NULL)
FROM (SELECT id, recorded_at, lag(recorded_at) OVER (ORDER BY id) AS previous FROM readings) s;

-- check: consecutive readings are 12 to 28 seconds apart, 20 on average
SELECT min(gap) >= 12 AND max(gap) <= 28 AND abs(avg(gap) - 20) < 0.01
FROM (SELECT extract(epoch FROM recorded_at - lag(recorded_at) OVER (ORDER BY id)) AS gap
      FROM readings) s
WHERE gap IS NOT NULL;

-- check: every sensor reports, after it was installed
SELECT (SELECT count(DISTINCT sensor_id) FROM readings) = (SELECT count(*) FROM sensors)
   AND (SELECT bool_and(r.recorded_at > x.installed_at)
        FROM (SELECT sensor_id, min(recorded_at) AS recorded_at FROM readings GROUP BY sensor_id) r
        JOIN sensors x ON x.id = r.sensor_id);

-- check: temperature follows the day: warm at 18:00 (about 24 C), cool at 06:00 (about 19 C)
SELECT abs(avg(temperature_c) FILTER (WHERE extract(hour FROM recorded_at AT TIME ZONE 'UTC') = 17) - 24.3) < 0.3
   AND abs(avg(temperature_c) FILTER (WHERE extract(hour FROM recorded_at AT TIME ZONE 'UTC') = 5) - 19.3) < 0.3
FROM readings;

-- check: humidity moves against temperature over the day
SELECT corr(t, h) < -0.9
FROM (SELECT extract(hour FROM recorded_at AT TIME ZONE 'UTC') AS hour,
             avg(temperature_c) AS t, avg(humidity_pct) AS h
      FROM readings GROUP BY 1) s;

-- check: CO2 is higher on weekdays than at weekends
SELECT avg(co2_ppm) FILTER (WHERE extract(isodow FROM recorded_at AT TIME ZONE 'UTC') IN (2, 3))
       > avg(co2_ppm) FILTER (WHERE extract(isodow FROM recorded_at AT TIME ZONE 'UTC') IN (6, 7)) + 100
   AND min(co2_ppm) >= 400
FROM readings;

-- check: temperature trends up by about 0.01 C a day, batteries drain by about 0.08 % a day
SELECT regr_slope(temperature_c, extract(epoch FROM recorded_at) / 86400) BETWEEN 0.005 AND 0.015
   AND regr_slope(battery_pct, extract(epoch FROM recorded_at) / 86400) BETWEEN -0.09 AND -0.07
FROM readings;

-- check: noise: readings scatter around the hourly mean by about the configured amounts
SELECT stddev_pop(temperature_c - t) BETWEEN 0.3 AND 0.45 AND stddev_pop(co2_ppm - c) BETWEEN 30 AND 45
FROM readings r
JOIN (SELECT date_trunc('hour', recorded_at) AS hour, avg(temperature_c) AS t, avg(co2_ppm) AS c
      FROM readings GROUP BY 1) m ON m.hour = date_trunc('hour', r.recorded_at);

-- check: values stay in their physical ranges
SELECT bool_and(humidity_pct BETWEEN 0 AND 100 AND battery_pct BETWEEN 0 AND 100
                AND temperature_c BETWEEN -40 AND 85 AND rssi_dbm BETWEEN -120 AND -30)
FROM readings;

-- check: the dump's constraints: 4 primary keys, 3 unique, 3 foreign keys, 8 checks, all validated
SELECT count(*) FILTER (WHERE contype = 'p') = 4
   AND count(*) FILTER (WHERE contype = 'u') = 3
   AND count(*) FILTER (WHERE contype = 'f') = 3
   AND count(*) FILTER (WHERE contype = 'c') = 8
   AND bool_and(convalidated)
FROM pg_constraint WHERE connamespace = 'public'::regnamespace;
