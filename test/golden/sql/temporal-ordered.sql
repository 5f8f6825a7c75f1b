WITH
q1 AS NOT MATERIALIZED (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts, CAST(ip_address AS VARCHAR) AS f0
  FROM signins
  WHERE created_at IS NOT NULL
    AND (error_code BETWEEN $3 AND $4 AND (error_code = $1 OR error_code = $2))
),
q2 AS NOT MATERIALIZED (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts, CAST(ip_address AS VARCHAR) AS f0
  FROM signins
  WHERE created_at IS NOT NULL
    AND error_code = $5
    AND CAST(ip_address AS VARCHAR) IN (SELECT f0 FROM q1)
),
q3 AS NOT MATERIALIZED (
  SELECT 'audits' AS tbl, uid, source_id, activity_at AS ts, CAST(initiator_ip AS VARCHAR) AS f0
  FROM audits
  WHERE activity_at IS NOT NULL
    AND lower(activity_key) = lower($6)
    AND CAST(initiator_ip AS VARCHAR) IN (SELECT f0 FROM q1)
),
q4 AS NOT MATERIALIZED (
  SELECT 0 AS ri, tbl, uid, source_id, ts, f0 AS g0 FROM q1
  UNION ALL
  SELECT 1 AS ri, tbl, uid, source_id, ts, f0 AS g0 FROM q2
  UNION ALL
  SELECT 2 AS ri, tbl, uid, source_id, ts, f0 AS g0 FROM q3
),
q5 AS (
  SELECT *, max(CASE WHEN ri = 0 THEN ts END) OVER (PARTITION BY g0 ORDER BY ts, ri ROWS UNBOUNDED PRECEDING) AS chain0
  FROM q4 SEMI JOIN (SELECT DISTINCT g0 FROM q4 WHERE ri = 0) USING (g0)
  WHERE g0 IS NOT NULL
),
q6 AS (
  SELECT *, max(CASE WHEN ri = 1 THEN chain0 END) OVER (PARTITION BY g0 ORDER BY ts, ri ROWS UNBOUNDED PRECEDING) AS chain1
  FROM q5
),
q7 AS (
  SELECT *, max(CASE WHEN ri = 2 THEN chain1 END) OVER (PARTITION BY g0 ORDER BY ts, ri ROWS UNBOUNDED PRECEDING) AS chain2
  FROM q6
),
q8 AS (
  SELECT DISTINCT g0, ts AS fire_ts
  FROM q7
  WHERE ri = 2 AND chain2 >= ts - to_milliseconds($7)
),
q9 AS (
  SELECT g0, episode, min(fire_ts) - to_milliseconds($7) AS lo, max(fire_ts) AS hi
  FROM (
    SELECT g0, fire_ts, sum(starts) OVER (PARTITION BY g0 ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode
    FROM (
      SELECT g0, fire_ts, CASE WHEN lag(fire_ts) OVER (PARTITION BY g0 ORDER BY fire_ts) >= fire_ts - to_milliseconds($7) THEN 0 ELSE 1 END AS starts
      FROM q8
    )
  )
  GROUP BY g0, episode
),
q10 AS (
  SELECT DISTINCT e.tbl, e.uid, e.source_id, e.ts, w.episode, e.g0
  FROM q4 e
  JOIN q9 w ON e.g0 = w.g0 AND e.ts BETWEEN w.lo AND w.hi
)
SELECT tbl, uid, source_id, ts, episode, g0
FROM q10
-- parameters: [50126,50053,50053,50126,0,"add member to role",86400000]
