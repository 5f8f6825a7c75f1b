WITH
q1 AS NOT MATERIALIZED (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts, CAST(user_principal_name AS VARCHAR) AS f0
  FROM signins
  WHERE created_at IS NOT NULL
    AND error_code = $1
),
q2 AS NOT MATERIALIZED (
  SELECT 'audits' AS tbl, uid, source_id, activity_at AS ts, CAST(initiator_upn AS VARCHAR) AS f0
  FROM audits
  WHERE activity_at IS NOT NULL
    AND lower(activity_key) = lower($2)
    AND CAST(initiator_upn AS VARCHAR) IN (SELECT f0 FROM q1)
),
q3 AS NOT MATERIALIZED (
  SELECT 0 AS ri, tbl, uid, source_id, ts, f0 AS g0 FROM q1
  UNION ALL
  SELECT 1 AS ri, tbl, uid, source_id, ts, f0 AS g0 FROM q2
),
q4 AS (
  SELECT DISTINCT g0, ts AS fire_ts
  FROM (
    SELECT g0, ts, max(CASE WHEN ri = 0 THEN ts END) OVER w AS seen0, max(CASE WHEN ri = 1 THEN ts END) OVER w AS seen1
    FROM q3 SEMI JOIN (SELECT DISTINCT g0 FROM q3 WHERE ri = 0) USING (g0)
    WHERE g0 IS NOT NULL
    WINDOW w AS (PARTITION BY g0 ORDER BY ts RANGE BETWEEN to_milliseconds($3) PRECEDING AND CURRENT ROW)
  )
  WHERE seen0 IS NOT NULL AND seen1 IS NOT NULL
),
q5 AS (
  SELECT g0, episode, min(fire_ts) - to_milliseconds($3) AS lo, max(fire_ts) AS hi
  FROM (
    SELECT g0, fire_ts, sum(starts) OVER (PARTITION BY g0 ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode
    FROM (
      SELECT g0, fire_ts, CASE WHEN lag(fire_ts) OVER (PARTITION BY g0 ORDER BY fire_ts) >= fire_ts - to_milliseconds($3) THEN 0 ELSE 1 END AS starts
      FROM q4
    )
  )
  GROUP BY g0, episode
),
q6 AS (
  SELECT DISTINCT e.tbl, e.uid, e.source_id, e.ts, w.episode, e.g0
  FROM q3 e
  JOIN q5 w ON e.g0 = w.g0 AND e.ts BETWEEN w.lo AND w.hi
)
SELECT tbl, uid, source_id, ts, episode, g0
FROM q6
-- parameters: [0,"add member to role",7200000]
