WITH
q1 AS NOT MATERIALIZED (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts, CAST(ip_address AS VARCHAR) AS f0, CAST(user_principal_name AS VARCHAR) AS f1, CAST(ip_address AS VARCHAR) AS f2
  FROM signins
  WHERE created_at IS NOT NULL
    AND (error_code = $1 OR error_code = $2 OR error_code = $3 OR error_code = $4 OR error_code = $5)
),
q2 AS NOT MATERIALIZED (
  SELECT 0 AS ri, tbl, uid, source_id, ts, f0 AS g0, f1 AS v, f2 AS x0 FROM q1
),
q3 AS (
  SELECT DISTINCT g0, ts AS fire_ts
  FROM (
    SELECT g0, ts, count(DISTINCT v) OVER (PARTITION BY g0 ORDER BY ts RANGE BETWEEN to_milliseconds($6) PRECEDING AND CURRENT ROW) AS n
    FROM (SELECT * FROM q2 SEMI JOIN (SELECT g0 FROM q2 WHERE g0 IS NOT NULL GROUP BY g0 HAVING count(DISTINCT v) >= $7) USING (g0))
    WHERE g0 IS NOT NULL
  )
  WHERE n >= $8
),
q4 AS (
  SELECT g0, episode, min(fire_ts) - to_milliseconds($6) AS lo, max(fire_ts) AS hi
  FROM (
    SELECT g0, fire_ts, sum(starts) OVER (PARTITION BY g0 ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode
    FROM (
      SELECT g0, fire_ts, CASE WHEN lag(fire_ts) OVER (PARTITION BY g0 ORDER BY fire_ts) >= fire_ts - to_milliseconds($6) THEN 0 ELSE 1 END AS starts
      FROM q3
    )
  )
  GROUP BY g0, episode
),
q5 AS (
  SELECT DISTINCT e.tbl, e.uid, e.source_id, e.ts, w.episode, e.g0, e.x0 AS f0
  FROM q2 e
  JOIN q4 w ON e.g0 = w.g0 AND e.ts BETWEEN w.lo AND w.hi
),
q6 AS NOT MATERIALIZED (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts, CAST(ip_address AS VARCHAR) AS f0
  FROM signins
  WHERE created_at IS NOT NULL
    AND (error_code = $9 AND NOT coalesce((lower(event_type) = lower($10) OR lower(event_type) = lower($11)), false))
    AND CAST(ip_address AS VARCHAR) IN (SELECT f0 FROM q5)
),
q7 AS (
  SELECT 0 AS ri, tbl, uid, source_id, ts, f0 AS g0 FROM q5
  UNION ALL
  SELECT 1 AS ri, tbl, uid, source_id, ts, f0 AS g0 FROM q6
),
q8 AS (
  SELECT *, max(CASE WHEN ri = 0 THEN ts END) OVER (PARTITION BY g0 ORDER BY ts, ri ROWS UNBOUNDED PRECEDING) AS chain0
  FROM q7 SEMI JOIN (SELECT DISTINCT g0 FROM q7 WHERE ri = 0) USING (g0)
  WHERE g0 IS NOT NULL
),
q9 AS (
  SELECT *, max(CASE WHEN ri = 1 THEN chain0 END) OVER (PARTITION BY g0 ORDER BY ts, ri ROWS UNBOUNDED PRECEDING) AS chain1
  FROM q8
),
q10 AS (
  SELECT DISTINCT g0, ts AS fire_ts
  FROM q9
  WHERE ri = 1 AND chain1 >= ts - to_milliseconds($12)
),
q11 AS (
  SELECT g0, episode, min(fire_ts) - to_milliseconds($12) AS lo, max(fire_ts) AS hi
  FROM (
    SELECT g0, fire_ts, sum(starts) OVER (PARTITION BY g0 ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode
    FROM (
      SELECT g0, fire_ts, CASE WHEN lag(fire_ts) OVER (PARTITION BY g0 ORDER BY fire_ts) >= fire_ts - to_milliseconds($12) THEN 0 ELSE 1 END AS starts
      FROM q10
    )
  )
  GROUP BY g0, episode
),
q12 AS (
  SELECT DISTINCT e.tbl, e.uid, e.source_id, e.ts, w.episode, e.g0
  FROM q7 e
  JOIN q11 w ON e.g0 = w.g0 AND e.ts BETWEEN w.lo AND w.hi
)
SELECT tbl, uid, source_id, ts, episode, g0
FROM q12
ORDER BY g0, episode, ts, tbl, uid
-- parameters: [50126,50053,50055,50056,50034,3600000,10,10,0,"servicePrincipal","managedIdentity",86400000]
