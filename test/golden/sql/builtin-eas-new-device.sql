WITH
q1 AS NOT MATERIALIZED (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts, CAST(user_principal_name AS VARCHAR) AS f0, CAST(coalesce(nullif(device_id, ''), nullif(concat_ws(' / ', nullif(user_agent, ''), nullif(device_os, '')), '')) AS VARCHAR) AS f1
  FROM signins
  WHERE created_at IS NOT NULL
    AND (lower(client_app) = lower($1) AND error_code = $2)
),
q2 AS NOT MATERIALIZED (
  SELECT 0 AS ri, tbl, uid, source_id, ts, f0 AS g0, f1 AS g1 FROM q1
),
q3 AS (
  SELECT DISTINCT g0, g1, first_ts AS fire_ts
  FROM (
    SELECT g0, g1, first_ts, lag(last_ts) OVER (PARTITION BY g0, g1 ORDER BY bucket) AS previous, (SELECT min(ts) FROM q2) AS history_from
    FROM (
      SELECT g0, g1, floor(epoch_ms(ts) / $3) AS bucket, min(ts) AS first_ts, max(ts) AS last_ts
      FROM q2
      WHERE g0 IS NOT NULL AND g1 IS NOT NULL
      GROUP BY g0, g1, bucket
    )
  )
  WHERE history_from <= first_ts - to_milliseconds($3) AND (previous IS NULL OR previous < first_ts - to_milliseconds($3))
),
q4 AS (
  SELECT g0, g1, episode, min(fire_ts) - to_milliseconds($3) AS lo, max(fire_ts) AS hi
  FROM (
    SELECT g0, g1, fire_ts, sum(starts) OVER (PARTITION BY g0, g1 ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode
    FROM (
      SELECT g0, g1, fire_ts, CASE WHEN lag(fire_ts) OVER (PARTITION BY g0, g1 ORDER BY fire_ts) >= fire_ts - to_milliseconds($3) THEN 0 ELSE 1 END AS starts
      FROM q3
    )
  )
  GROUP BY g0, g1, episode
),
q5 AS (
  SELECT DISTINCT e.tbl, e.uid, e.source_id, e.ts, w.episode, e.g0, e.g1
  FROM q2 e
  JOIN q4 w ON e.g0 = w.g0 AND e.g1 = w.g1 AND e.ts BETWEEN w.lo AND w.hi
)
SELECT tbl, uid, source_id, ts, episode, g0, g1
FROM q5
-- parameters: ["Exchange ActiveSync",0,1209600000]
