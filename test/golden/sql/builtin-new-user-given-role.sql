WITH
q1 AS NOT MATERIALIZED (
  SELECT 'audits' AS tbl, uid, source_id, activity_at AS ts, CAST(target_id AS VARCHAR) AS f0
  FROM audits
  WHERE activity_at IS NOT NULL
    AND (list_contains(list_value(lower($1), lower($2)), lower(activity_key)) AND lower(result) = lower($3))
),
q2 AS NOT MATERIALIZED (
  SELECT 'audits' AS tbl, uid, source_id, activity_at AS ts, CAST(target_id AS VARCHAR) AS f0
  FROM audits
  WHERE activity_at IS NOT NULL
    AND (list_contains(list_value(lower($4), lower($5), lower($6), lower($7), lower($8), lower($9)), lower(activity_key)) AND lower(target_type) = lower($10) AND lower(result) = lower($11))
    AND CAST(target_id AS VARCHAR) IN (SELECT f0 FROM q1)
),
q3 AS NOT MATERIALIZED (
  SELECT 0 AS ri, tbl, uid, source_id, ts, f0 AS g0 FROM q1
  UNION ALL
  SELECT 1 AS ri, tbl, uid, source_id, ts, f0 AS g0 FROM q2
),
q4 AS (
  SELECT *, max(CASE WHEN ri = 0 THEN ts END) OVER (PARTITION BY g0 ORDER BY ts, ri ROWS UNBOUNDED PRECEDING) AS chain0
  FROM q3 SEMI JOIN (SELECT DISTINCT g0 FROM q3 WHERE ri = 0) USING (g0)
  WHERE g0 IS NOT NULL
),
q5 AS (
  SELECT *, max(CASE WHEN ri = 1 THEN chain0 END) OVER (PARTITION BY g0 ORDER BY ts, ri ROWS UNBOUNDED PRECEDING) AS chain1
  FROM q4
),
q6 AS (
  SELECT DISTINCT g0, ts AS fire_ts
  FROM q5
  WHERE ri = 1 AND chain1 >= ts - to_milliseconds($12)
),
q7 AS (
  SELECT g0, episode, min(fire_ts) - to_milliseconds($12) AS lo, max(fire_ts) AS hi
  FROM (
    SELECT g0, fire_ts, sum(starts) OVER (PARTITION BY g0 ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode
    FROM (
      SELECT g0, fire_ts, CASE WHEN lag(fire_ts) OVER (PARTITION BY g0 ORDER BY fire_ts) >= fire_ts - to_milliseconds($12) THEN 0 ELSE 1 END AS starts
      FROM q6
    )
  )
  GROUP BY g0, episode
),
q8 AS (
  SELECT DISTINCT e.tbl, e.uid, e.source_id, e.ts, w.episode, e.g0
  FROM q3 e
  JOIN q7 w ON e.g0 = w.g0 AND e.ts BETWEEN w.lo AND w.hi
)
SELECT tbl, uid, source_id, ts, episode, g0
FROM q8
-- parameters: ["add user","invite external user","success","add member to role","add member to role outside of pim (permanent)","add member to role in pim completed (permanent)","add member to role in pim completed (timebound)","add eligible member to role in pim completed (permanent)","add eligible member to role in pim completed (timebound)","User","success",86400000]
