WITH
q1 AS NOT MATERIALIZED (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts
  FROM signins
  WHERE created_at IS NOT NULL
    AND (error_code BETWEEN $3 AND $4 AND (error_code = $1 OR error_code = $2))
),
q2 AS NOT MATERIALIZED (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts
  FROM signins
  WHERE created_at IS NOT NULL
    AND error_code = $5
),
q3 AS NOT MATERIALIZED (
  SELECT 0 AS ri, tbl, uid, source_id, ts FROM q1
  UNION ALL
  SELECT 1 AS ri, tbl, uid, source_id, ts FROM q2
),
q4 AS (
  SELECT DISTINCT ts AS fire_ts
  FROM (
    SELECT ts, count(*) OVER (ORDER BY ts RANGE BETWEEN to_milliseconds($6) PRECEDING AND CURRENT ROW) AS n
    FROM (SELECT DISTINCT tbl, uid, ts FROM q3)
  )
  WHERE n > $7 AND n <= $8
),
q5 AS (
  SELECT episode, min(fire_ts) - to_milliseconds($6) AS lo, max(fire_ts) AS hi
  FROM (
    SELECT fire_ts, sum(starts) OVER (ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode
    FROM (
      SELECT fire_ts, CASE WHEN lag(fire_ts) OVER (ORDER BY fire_ts) >= fire_ts - to_milliseconds($6) THEN 0 ELSE 1 END AS starts
      FROM q4
    )
  )
  GROUP BY episode
),
q6 AS (
  SELECT DISTINCT e.tbl, e.uid, e.source_id, e.ts, w.episode
  FROM q3 e
  JOIN q5 w ON e.ts BETWEEN w.lo AND w.hi
)
SELECT tbl, uid, source_id, ts, episode
FROM q6
-- parameters: [50126,50053,50053,50126,0,300000,100,200]
