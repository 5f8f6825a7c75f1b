WITH
q1 AS NOT MATERIALIZED (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts, CAST(ip_address AS VARCHAR) AS f0, CAST(app_display_name AS VARCHAR) AS f1, CAST(user_principal_name AS VARCHAR) AS f2
  FROM signins
  WHERE created_at IS NOT NULL
    AND (error_code BETWEEN $3 AND $4 AND (error_code = $1 OR error_code = $2))
),
q2 AS NOT MATERIALIZED (
  SELECT 0 AS ri, tbl, uid, source_id, ts, f0 AS g0, f1 AS g1, f2 AS v FROM q1
),
q3 AS (
  SELECT * FROM (SELECT * FROM q2 SEMI JOIN (SELECT g0, g1 FROM q2 WHERE g0 IS NOT NULL AND g1 IS NOT NULL GROUP BY g0, g1 HAVING count(DISTINCT v) >= $6) USING (g0, g1))
),
q4 AS (
  SELECT DISTINCT g0, g1, ts AS fire_ts
  FROM (
    SELECT g0, g1, ts, count(DISTINCT v) OVER (PARTITION BY g0, g1 ORDER BY ts RANGE BETWEEN to_milliseconds($5) PRECEDING AND CURRENT ROW) AS n
    FROM (SELECT * FROM q3 SEMI JOIN (SELECT DISTINCT g0, g1 FROM (SELECT g0, g1, count(*) OVER (PARTITION BY g0, g1 ORDER BY ts RANGE BETWEEN to_milliseconds($5) PRECEDING AND CURRENT ROW) AS n FROM q3 WHERE g0 IS NOT NULL AND g1 IS NOT NULL) WHERE n >= $7) USING (g0, g1))
    WHERE g0 IS NOT NULL AND g1 IS NOT NULL
  )
  WHERE n >= $8
),
q5 AS (
  SELECT g0, g1, episode, min(fire_ts) - to_milliseconds($5) AS lo, max(fire_ts) AS hi
  FROM (
    SELECT g0, g1, fire_ts, sum(starts) OVER (PARTITION BY g0, g1 ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode
    FROM (
      SELECT g0, g1, fire_ts, CASE WHEN lag(fire_ts) OVER (PARTITION BY g0, g1 ORDER BY fire_ts) >= fire_ts - to_milliseconds($5) THEN 0 ELSE 1 END AS starts
      FROM q4
    )
  )
  GROUP BY g0, g1, episode
),
q6 AS (
  SELECT DISTINCT e.tbl, e.uid, e.source_id, e.ts, w.episode, e.g0, e.g1
  FROM q2 e
  JOIN q5 w ON e.g0 = w.g0 AND e.g1 = w.g1 AND e.ts BETWEEN w.lo AND w.hi
)
SELECT tbl, uid, source_id, ts, episode, g0, g1
FROM q6
-- parameters: [50126,50053,50053,50126,3600000,10,10,10]
