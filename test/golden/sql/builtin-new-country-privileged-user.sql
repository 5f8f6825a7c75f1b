WITH
q1 AS NOT MATERIALIZED (
  SELECT 'audits' AS tbl, uid, source_id, activity_at AS ts, CAST(target_upn AS VARCHAR) AS f0
  FROM audits
  WHERE activity_at IS NOT NULL
    AND (list_contains(list_value(lower($1), lower($2), lower($3), lower($4), lower($5)), lower(activity_key)) AND lower(result) = lower($6) AND list_contains(list_value(lower($7), lower($8), lower($9), lower($10), lower($11), lower($12), lower($13), lower($14), lower($15), lower($16), lower($17), lower($18), lower($19), lower($20)), lower(role_name)))
),
q2 AS NOT MATERIALIZED (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts, CAST(user_principal_name AS VARCHAR) AS f0, CAST(country AS VARCHAR) AS f1, CAST(user_principal_name AS VARCHAR) AS f2
  FROM signins
  WHERE created_at IS NOT NULL
    AND (error_code = $21 AND NOT coalesce(list_contains(list_value(lower($22), lower($23)), lower(event_type)), false))
),
q3 AS NOT MATERIALIZED (
  SELECT 0 AS ri, tbl, uid, source_id, ts, f0 AS g0, f1 AS g1, f2 AS x0 FROM q2
),
q4 AS (
  SELECT * FROM q3
  WHERE g0 IN (SELECT f0 FROM q1)
),
q5 AS (
  SELECT DISTINCT g0, g1, first_ts AS fire_ts
  FROM (
    SELECT g0, g1, first_ts, lag(last_ts) OVER (PARTITION BY g0, g1 ORDER BY bucket) AS previous, (SELECT min(ts) FROM q3) AS history_from
    FROM (
      SELECT g0, g1, floor(epoch_ms(ts) / $24) AS bucket, min(ts) AS first_ts, max(ts) AS last_ts
      FROM q4
      WHERE g0 IS NOT NULL AND g1 IS NOT NULL
      GROUP BY g0, g1, bucket
    )
  )
  WHERE history_from <= first_ts - to_milliseconds($24) AND (previous IS NULL OR previous < first_ts - to_milliseconds($24))
),
q6 AS (
  SELECT g0, g1, episode, min(fire_ts) - to_milliseconds($24) AS lo, max(fire_ts) AS hi
  FROM (
    SELECT g0, g1, fire_ts, sum(starts) OVER (PARTITION BY g0, g1 ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode
    FROM (
      SELECT g0, g1, fire_ts, CASE WHEN lag(fire_ts) OVER (PARTITION BY g0, g1 ORDER BY fire_ts) >= fire_ts - to_milliseconds($24) THEN 0 ELSE 1 END AS starts
      FROM q5
    )
  )
  GROUP BY g0, g1, episode
),
q7 AS (
  SELECT DISTINCT e.tbl, e.uid, e.source_id, e.ts, w.episode, e.g0, e.g1, e.x0 AS f0
  FROM q4 e
  JOIN q6 w ON e.g0 = w.g0 AND e.g1 = w.g1 AND e.ts BETWEEN w.lo AND w.hi
),
q8 AS (
  SELECT 0 AS ri, tbl, uid, source_id, ts, f0 AS g0 FROM q1
  UNION ALL
  SELECT 1 AS ri, tbl, uid, source_id, ts, f0 AS g0 FROM q7
),
q9 AS (
  SELECT DISTINCT g0, ts AS fire_ts
  FROM (
    SELECT g0, ts, max(CASE WHEN ri = 0 THEN ts END) OVER w AS seen0, max(CASE WHEN ri = 1 THEN ts END) OVER w AS seen1
    FROM q8 SEMI JOIN (SELECT DISTINCT g0 FROM q8 WHERE ri = 0) USING (g0)
    WHERE g0 IS NOT NULL
    WINDOW w AS (PARTITION BY g0 ORDER BY ts RANGE BETWEEN to_milliseconds($25) PRECEDING AND CURRENT ROW)
  )
  WHERE seen0 IS NOT NULL AND seen1 IS NOT NULL
),
q10 AS (
  SELECT g0, episode, min(fire_ts) - to_milliseconds($25) AS lo, max(fire_ts) AS hi
  FROM (
    SELECT g0, fire_ts, sum(starts) OVER (PARTITION BY g0 ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode
    FROM (
      SELECT g0, fire_ts, CASE WHEN lag(fire_ts) OVER (PARTITION BY g0 ORDER BY fire_ts) >= fire_ts - to_milliseconds($25) THEN 0 ELSE 1 END AS starts
      FROM q9
    )
  )
  GROUP BY g0, episode
),
q11 AS (
  SELECT DISTINCT e.tbl, e.uid, e.source_id, e.ts, w.episode, e.g0
  FROM q8 e
  JOIN q10 w ON e.g0 = w.g0 AND e.ts BETWEEN w.lo AND w.hi
)
SELECT tbl, uid, source_id, ts, episode, g0
FROM q11
-- parameters: ["add member to role","add member to role completed (pim activation)","add member to role outside of pim (permanent)","add member to role in pim completed (permanent)","add member to role in pim completed (timebound)","success","Global Administrator","Company Administrator","Privileged Role Administrator","Privileged Authentication Administrator","Security Administrator","Exchange Administrator","SharePoint Administrator","User Administrator","Application Administrator","Cloud Application Administrator","Conditional Access Administrator","Authentication Administrator","Hybrid Identity Administrator","Intune Administrator",0,"servicePrincipal","managedIdentity",1209600000,2592000000]
