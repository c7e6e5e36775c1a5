-- Queries about telemetry.json's data beyond the generic checks.

-- check: composite foreign keys of alerts point at real readings
SELECT NOT EXISTS (SELECT 1 FROM alerts a
                   WHERE NOT EXISTS (SELECT 1 FROM readings r
                                     WHERE r.device_id = a.device_id AND r.seq = a.reading_seq));

-- check: readings are spread over many devices
SELECT count(DISTINCT device_id) > 10 FROM readings;

-- check: humidity respects its domain
SELECT bool_and(humidity >= 0 AND humidity <= 100) FROM readings;

-- check: addresses are varied and MAC addresses unique
SELECT count(DISTINCT ip) > 1 AND count(DISTINCT mac) = count(*)
FROM devices;

-- check: circles have non-negative radii
SELECT bool_and(radius(coverage) >= 0) FROM sites;

-- check: array columns hold arrays of one dimension
SELECT bool_and(array_ndims(open_ports) IS NULL OR array_ndims(open_ports) = 1) FROM devices;

-- check: the empty table is empty
SELECT count(*) = 0 FROM maintenance_windows;

-- check: awkward text in alerts
SELECT count(DISTINCT message) = 9 FROM alerts;
