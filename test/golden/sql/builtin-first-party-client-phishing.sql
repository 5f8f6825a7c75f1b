WITH
q1 AS NOT MATERIALIZED (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts, CAST(user_principal_name AS VARCHAR) AS f0, CAST(app_id AS VARCHAR) AS f1
  FROM signins
  WHERE created_at IS NOT NULL
    AND (list_contains(list_value(lower($1), lower($2), lower($3), lower($4), lower($5)), lower(app_id)) AND error_code = $6)
),
q2 AS NOT MATERIALIZED (
  SELECT 0 AS ri, tbl, uid, source_id, ts, f0 AS g0, f1 AS g1 FROM q1
),
q3 AS (
  SELECT DISTINCT g0, g1, first_ts AS fire_ts
  FROM (
    SELECT g0, g1, first_ts, lag(last_ts) OVER (PARTITION BY g0, g1 ORDER BY bucket) AS previous, (SELECT min(ts) FROM q2) AS history_from
    FROM (
      SELECT g0, g1, floor(epoch_ms(ts) / $7) AS bucket, min(ts) AS first_ts, max(ts) AS last_ts
      FROM q2
      WHERE g0 IS NOT NULL AND g1 IS NOT NULL
      GROUP BY g0, g1, bucket
    )
  )
  WHERE history_from <= first_ts - to_milliseconds($7) AND (previous IS NULL OR previous < first_ts - to_milliseconds($7))
),
q4 AS (
  SELECT g0, g1, episode, min(fire_ts) - to_milliseconds($7) AS lo, max(fire_ts) AS hi
  FROM (
    SELECT g0, g1, fire_ts, sum(starts) OVER (PARTITION BY g0, g1 ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode
    FROM (
      SELECT g0, g1, fire_ts, CASE WHEN lag(fire_ts) OVER (PARTITION BY g0, g1 ORDER BY fire_ts) >= fire_ts - to_milliseconds($7) THEN 0 ELSE 1 END AS starts
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
-- parameters: ["04b07795-8ddb-461a-bbee-02f9e1bf7b46","1950a258-227b-4e31-a9cf-717495945fc2","14d82eec-204b-4c2f-b7e8-296a70dab67e","872cd9fa-d31f-45e0-9eab-6e460a02d1f1","aebc6443-996d-45c2-90f0-388ff96faa56",0,1209600000]
