WITH
q1 AS (
  SELECT 'azure_activity' AS tbl, uid, source_id, event_at AS ts
  FROM azure_activity
  WHERE event_at IS NOT NULL
    AND (lower(operation_name) = lower($1) AND NOT coalesce(lower(status) = lower($2), false))
  UNION ALL
  SELECT 'azure_activity' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM azure_activity WHERE event_at IS NULL AND (lower(operation_name) = lower($3) AND NOT coalesce(lower(status) = lower($4), false))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: ["Microsoft.Authorization/elevateAccess/action","Failed","Microsoft.Authorization/elevateAccess/action","Failed"]
