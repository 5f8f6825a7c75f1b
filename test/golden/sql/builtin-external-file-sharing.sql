WITH
q1 AS NOT MATERIALIZED (
  SELECT 'activities' AS tbl, uid, source_id, created_at AS ts, CAST(user_id AS VARCHAR) AS f0
  FROM activities
  WHERE created_at IS NOT NULL
    AND (list_contains(list_value(lower($1), lower($2)), lower(operation)) OR (list_contains(list_value(lower($3), lower($4)), lower(operation)) AND lower(json_extract_string(audit_data, '$.TargetUserOrGroupType')) = lower($5)))
),
q2 AS NOT MATERIALIZED (
  SELECT 0 AS ri, tbl, uid, source_id, ts, f0 AS g0 FROM q1
),
q3 AS (
  SELECT DISTINCT g0, ts AS fire_ts
  FROM (
    SELECT g0, ts, count(*) OVER (PARTITION BY g0 ORDER BY ts RANGE BETWEEN to_milliseconds($6) PRECEDING AND CURRENT ROW) AS n
    FROM (SELECT * FROM (SELECT DISTINCT tbl, uid, ts, g0 FROM q2) SEMI JOIN (SELECT g0 FROM (SELECT DISTINCT tbl, uid, ts, g0 FROM q2) WHERE g0 IS NOT NULL GROUP BY g0 HAVING count(*) >= $7) USING (g0))
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
  SELECT DISTINCT e.tbl, e.uid, e.source_id, e.ts, w.episode, e.g0
  FROM q2 e
  JOIN q4 w ON e.g0 = w.g0 AND e.ts BETWEEN w.lo AND w.hi
)
SELECT tbl, uid, source_id, ts, episode, g0
FROM q5
-- parameters: ["AnonymousLinkCreated","AnonymousLinkUpdated","SharingInvitationCreated","AddedToSecureLink","Guest",86400000,1,1]
