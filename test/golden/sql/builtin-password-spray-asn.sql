WITH
q1 AS NOT MATERIALIZED (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts, CAST(asn AS VARCHAR) AS f0, CAST(user_principal_name AS VARCHAR) AS f1
  FROM signins
  WHERE created_at IS NOT NULL
    AND (error_code BETWEEN $6 AND $7 AND (error_code = $1 OR error_code = $2 OR error_code = $3 OR error_code = $4 OR error_code = $5))
),
q2 AS NOT MATERIALIZED (
  SELECT 0 AS ri, tbl, uid, source_id, ts, f0 AS g0, f1 AS v FROM q1
),
q3 AS (
  SELECT * FROM (SELECT * FROM q2 SEMI JOIN (SELECT g0 FROM q2 WHERE g0 IS NOT NULL GROUP BY g0 HAVING count(DISTINCT v) >= $9) USING (g0))
),
q4 AS (
  SELECT DISTINCT g0, ts AS fire_ts
  FROM (
    SELECT g0, ts, count(DISTINCT v) OVER (PARTITION BY g0 ORDER BY ts RANGE BETWEEN to_milliseconds($8) PRECEDING AND CURRENT ROW) AS n
    FROM (SELECT * FROM q3 SEMI JOIN (SELECT DISTINCT g0 FROM (SELECT g0, count(*) OVER (PARTITION BY g0 ORDER BY ts RANGE BETWEEN to_milliseconds($8) PRECEDING AND CURRENT ROW) AS n FROM q3 WHERE g0 IS NOT NULL) WHERE n >= $10) USING (g0))
    WHERE g0 IS NOT NULL
  )
  WHERE n >= $11
),
q5 AS (
  SELECT g0, episode, min(fire_ts) - to_milliseconds($8) AS lo, max(fire_ts) AS hi
  FROM (
    SELECT g0, fire_ts, sum(starts) OVER (PARTITION BY g0 ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode
    FROM (
      SELECT g0, fire_ts, CASE WHEN lag(fire_ts) OVER (PARTITION BY g0 ORDER BY fire_ts) >= fire_ts - to_milliseconds($8) THEN 0 ELSE 1 END AS starts
      FROM q4
    )
  )
  GROUP BY g0, episode
),
q6 AS (
  SELECT DISTINCT e.tbl, e.uid, e.source_id, e.ts, w.episode, e.g0
  FROM q2 e
  JOIN q5 w ON e.g0 = w.g0 AND e.ts BETWEEN w.lo AND w.hi
)
SELECT tbl, uid, source_id, ts, episode, g0
FROM q6
-- parameters: [50126,50053,50055,50056,50034,50034,50126,3600000,20,20,20]
