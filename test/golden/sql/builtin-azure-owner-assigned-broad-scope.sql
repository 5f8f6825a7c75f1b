WITH
q1 AS NOT MATERIALIZED (
  SELECT 'azure_activity' AS tbl, uid, source_id, event_at AS ts, CAST(correlation_id AS VARCHAR) AS f0
  FROM azure_activity
  WHERE event_at IS NOT NULL
    AND (lower(operation_name) = lower($1) AND (properties ILIKE $2 ESCAPE '\' OR properties ILIKE $3 ESCAPE '\') AND (regexp_matches(scope, $4) OR regexp_matches(resource_id, $5)) AND NOT coalesce(list_contains(list_value(lower($6), lower($7)), lower(status)), false))
),
q2 AS NOT MATERIALIZED (
  SELECT 0 AS ri, tbl, uid, source_id, ts, f0 AS g0 FROM q1
),
q3 AS (
  SELECT DISTINCT g0, ts AS fire_ts
  FROM (
    SELECT g0, ts, count(*) OVER (PARTITION BY g0 ORDER BY ts RANGE BETWEEN to_milliseconds($8) PRECEDING AND CURRENT ROW) AS n
    FROM (SELECT * FROM (SELECT DISTINCT tbl, uid, ts, g0 FROM q2) SEMI JOIN (SELECT g0 FROM (SELECT DISTINCT tbl, uid, ts, g0 FROM q2) WHERE g0 IS NOT NULL GROUP BY g0 HAVING count(*) >= $9) USING (g0))
    WHERE g0 IS NOT NULL
  )
  WHERE n >= $10
),
q4 AS (
  SELECT g0, episode, min(fire_ts) - to_milliseconds($8) AS lo, max(fire_ts) AS hi
  FROM (
    SELECT g0, fire_ts, sum(starts) OVER (PARTITION BY g0 ORDER BY fire_ts ROWS UNBOUNDED PRECEDING) AS episode
    FROM (
      SELECT g0, fire_ts, CASE WHEN lag(fire_ts) OVER (PARTITION BY g0 ORDER BY fire_ts) >= fire_ts - to_milliseconds($8) THEN 0 ELSE 1 END AS starts
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
-- parameters: ["Microsoft.Authorization/roleAssignments/write","%8e3af657-a8ff-443c-a75c-2fe8c4bcb635%","%18d7d88d-d35e-4fb5-a5c3-7773c6a72d9d%","(?i)^(/providers/microsoft\\.management/managementgroups/[^/]+|/subscriptions/[^/]+)?/providers/microsoft\\.authorization/roleassignments/[^/]+$","(?i)^(/providers/microsoft\\.management/managementgroups/[^/]+|/subscriptions/[^/]+)?/providers/microsoft\\.authorization/roleassignments/[^/]+$","Failed","Failure",3600000,1,1]
