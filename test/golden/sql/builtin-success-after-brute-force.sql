WITH
q1 AS NOT MATERIALIZED (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts, CAST(user_principal_name AS VARCHAR) AS f0, CAST(user_principal_name AS VARCHAR) AS f1, CAST(user_principal_name AS VARCHAR) AS f2, CAST(ip_address AS VARCHAR) AS f3
  FROM signins
  WHERE created_at IS NOT NULL
    AND (error_code BETWEEN $6 AND $7 AND (error_code = $1 OR error_code = $2 OR error_code = $3 OR error_code = $4 OR error_code = $5))
),
q2 AS NOT MATERIALIZED (
  SELECT 0 AS ri, tbl, uid, source_id, ts, f0 AS g0, f1 AS x0, f2 AS x1, f3 AS x2 FROM q1
),
q3 AS (
  SELECT DISTINCT g0, ts AS fire_ts
  FROM (
    SELECT g0, ts, count(*) OVER (PARTITION BY g0 ORDER BY ts RANGE BETWEEN to_milliseconds($8) PRECEDING AND CURRENT ROW) AS n
    FROM (SELECT * FROM (SELECT DISTINCT tbl, uid, ts, g0 FROM q2) SEMI JOIN (SELECT g0 FROM (SELECT DISTINCT tbl, uid, ts, g0 FROM q2) WHERE g0 IS NOT NULL GROUP BY g0 HAVING count(*) >= $9) USING (g0))
    WHERE g0 IS NOT NULL
  )
  WHERE n >= $10
),
q4 AS (
  SELECT g0, episode, min(fire_ts) - to_milliseconds($8) AS lo, max(fire_ts) AS hi
  FROM (
    SELECT g0, fire_ts, sum(starts) OVER (PARTITION BY g0 ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode
    FROM (
      SELECT g0, fire_ts, CASE WHEN lag(fire_ts) OVER (PARTITION BY g0 ORDER BY fire_ts) >= fire_ts - to_milliseconds($8) THEN 0 ELSE 1 END AS starts
      FROM q3
    )
  )
  GROUP BY g0, episode
),
q5 AS (
  SELECT DISTINCT e.tbl, e.uid, e.source_id, e.ts, w.episode, e.g0, e.x0 AS f0, e.x1 AS f1, e.x2 AS f2
  FROM q2 e
  JOIN q4 w ON e.g0 = w.g0 AND e.ts BETWEEN w.lo AND w.hi
),
q6 AS NOT MATERIALIZED (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts, CAST(user_principal_name AS VARCHAR) AS f0, CAST(ip_address AS VARCHAR) AS f1, CAST(user_principal_name AS VARCHAR) AS f2, CAST(user_principal_name AS VARCHAR) AS f3, CAST(ip_address AS VARCHAR) AS f4
  FROM signins
  WHERE created_at IS NOT NULL
    AND (error_code BETWEEN $16 AND $17 AND (error_code = $11 OR error_code = $12 OR error_code = $13 OR error_code = $14 OR error_code = $15))
),
q7 AS NOT MATERIALIZED (
  SELECT 0 AS ri, tbl, uid, source_id, ts, f0 AS g0, f1 AS v, f2 AS x0, f3 AS x1, f4 AS x2 FROM q6
),
q8 AS (
  SELECT * FROM (SELECT * FROM q7 SEMI JOIN (SELECT g0 FROM q7 WHERE g0 IS NOT NULL GROUP BY g0 HAVING count(DISTINCT v) >= $19) USING (g0))
),
q9 AS (
  SELECT DISTINCT g0, ts AS fire_ts
  FROM (
    SELECT g0, ts, count(DISTINCT v) OVER (PARTITION BY g0 ORDER BY ts RANGE BETWEEN to_milliseconds($18) PRECEDING AND CURRENT ROW) AS n
    FROM (SELECT * FROM q8 SEMI JOIN (SELECT DISTINCT g0 FROM (SELECT g0, count(*) OVER (PARTITION BY g0 ORDER BY ts RANGE BETWEEN to_milliseconds($18) PRECEDING AND CURRENT ROW) AS n FROM q8 WHERE g0 IS NOT NULL) WHERE n >= $20) USING (g0))
    WHERE g0 IS NOT NULL
  )
  WHERE n >= $21
),
q10 AS (
  SELECT g0, episode, min(fire_ts) - to_milliseconds($18) AS lo, max(fire_ts) AS hi
  FROM (
    SELECT g0, fire_ts, sum(starts) OVER (PARTITION BY g0 ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode
    FROM (
      SELECT g0, fire_ts, CASE WHEN lag(fire_ts) OVER (PARTITION BY g0 ORDER BY fire_ts) >= fire_ts - to_milliseconds($18) THEN 0 ELSE 1 END AS starts
      FROM q9
    )
  )
  GROUP BY g0, episode
),
q11 AS (
  SELECT DISTINCT e.tbl, e.uid, e.source_id, e.ts, w.episode, e.g0, e.x0 AS f0, e.x1 AS f1, e.x2 AS f2
  FROM q7 e
  JOIN q10 w ON e.g0 = w.g0 AND e.ts BETWEEN w.lo AND w.hi
),
q12 AS (
  SELECT 0 AS ri, tbl, uid, source_id, ts, f0 AS g0, f1 AS x0, f2 AS x1 FROM q5
  UNION ALL
  SELECT 1 AS ri, tbl, uid, source_id, ts, f0 AS g0, f1 AS x0, f2 AS x1 FROM q11
),
q13 AS (
  SELECT DISTINCT g0, ts AS fire_ts
  FROM (
    SELECT g0, ts, max(CASE WHEN ri = 0 THEN ts END) OVER w AS seen0, max(CASE WHEN ri = 1 THEN ts END) OVER w AS seen1
    FROM q12
    WHERE g0 IS NOT NULL
    WINDOW w AS (PARTITION BY g0 ORDER BY ts RANGE BETWEEN to_milliseconds($22) PRECEDING AND CURRENT ROW)
  )
  WHERE (CASE WHEN seen0 IS NULL THEN 0 ELSE 1 END + CASE WHEN seen1 IS NULL THEN 0 ELSE 1 END) >= $23
),
q14 AS (
  SELECT g0, episode, min(fire_ts) - to_milliseconds($22) AS lo, max(fire_ts) AS hi
  FROM (
    SELECT g0, fire_ts, sum(starts) OVER (PARTITION BY g0 ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode
    FROM (
      SELECT g0, fire_ts, CASE WHEN lag(fire_ts) OVER (PARTITION BY g0 ORDER BY fire_ts) >= fire_ts - to_milliseconds($22) THEN 0 ELSE 1 END AS starts
      FROM q13
    )
  )
  GROUP BY g0, episode
),
q15 AS (
  SELECT DISTINCT e.tbl, e.uid, e.source_id, e.ts, w.episode, e.g0, e.x0 AS f0, e.x1 AS f1
  FROM q12 e
  JOIN q14 w ON e.g0 = w.g0 AND e.ts BETWEEN w.lo AND w.hi
),
q16 AS NOT MATERIALIZED (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts, CAST(user_principal_name AS VARCHAR) AS f0, CAST(ip_address AS VARCHAR) AS f1
  FROM signins
  WHERE created_at IS NOT NULL
    AND (error_code = $24 AND NOT coalesce(list_contains(list_value(lower($25), lower($26)), lower(event_type)), false))
    AND CAST(user_principal_name AS VARCHAR) IN (SELECT f0 FROM q15)
),
q17 AS (
  SELECT 0 AS ri, tbl, uid, source_id, ts, f0 AS g0, f1 AS g1 FROM q15
  UNION ALL
  SELECT 1 AS ri, tbl, uid, source_id, ts, f0 AS g0, f1 AS g1 FROM q16
),
q18 AS (
  SELECT *, max(CASE WHEN ri = 0 THEN ts END) OVER (PARTITION BY g0, g1 ORDER BY ts, ri ROWS UNBOUNDED PRECEDING) AS chain0
  FROM q17 SEMI JOIN (SELECT DISTINCT g0, g1 FROM q17 WHERE ri = 0) USING (g0, g1)
  WHERE g0 IS NOT NULL AND g1 IS NOT NULL
),
q19 AS (
  SELECT *, max(CASE WHEN ri = 1 THEN chain0 END) OVER (PARTITION BY g0, g1 ORDER BY ts, ri ROWS UNBOUNDED PRECEDING) AS chain1
  FROM q18
),
q20 AS (
  SELECT DISTINCT g0, g1, ts AS fire_ts
  FROM q19
  WHERE ri = 1 AND chain1 >= ts - to_milliseconds($27)
),
q21 AS (
  SELECT g0, g1, episode, min(fire_ts) - to_milliseconds($27) AS lo, max(fire_ts) AS hi
  FROM (
    SELECT g0, g1, fire_ts, sum(starts) OVER (PARTITION BY g0, g1 ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode
    FROM (
      SELECT g0, g1, fire_ts, CASE WHEN lag(fire_ts) OVER (PARTITION BY g0, g1 ORDER BY fire_ts) >= fire_ts - to_milliseconds($27) THEN 0 ELSE 1 END AS starts
      FROM q20
    )
  )
  GROUP BY g0, g1, episode
),
q22 AS (
  SELECT DISTINCT e.tbl, e.uid, e.source_id, e.ts, w.episode, e.g0, e.g1
  FROM q17 e
  JOIN q21 w ON e.g0 = w.g0 AND e.g1 = w.g1 AND e.ts BETWEEN w.lo AND w.hi
)
SELECT tbl, uid, source_id, ts, episode, g0, g1
FROM q22
-- parameters: [50126,50053,50055,50056,50034,50034,50126,3600000,20,20,50126,50053,50055,50056,50034,50034,50126,86400000,10,10,10,3600000,1,0,"servicePrincipal","managedIdentity",2592000000]
