WITH
q1 AS (
  SELECT 'activities' AS tbl, uid, source_id, created_at AS ts
  FROM activities
  WHERE created_at IS NOT NULL
    AND ((operation ILIKE $1 ESCAPE '\' OR (list_contains(list_value(lower($2), lower($3)), lower(operation)) AND regexp_matches(audit_data, $4))) AND NOT coalesce(list_contains(list_value(lower($5), lower($6)), lower(result_status)), false))
  UNION ALL
  SELECT 'activities' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM activities WHERE created_at IS NULL AND ((operation ILIKE $7 ESCAPE '\' OR (list_contains(list_value(lower($8), lower($9)), lower(operation)) AND regexp_matches(audit_data, $10))) AND NOT coalesce(list_contains(list_value(lower($11), lower($12)), lower(result_status)), false))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: ["Disable Strong Authentication%","Update user","Update user.","\"Name\"\\s*:\\s*\"StrongAuthenticationRequirement\"\\s*,\\s*\"NewValue\"\\s*:\\s*\"\\[\\]\"","Failure","Failed","Disable Strong Authentication%","Update user","Update user.","\"Name\"\\s*:\\s*\"StrongAuthenticationRequirement\"\\s*,\\s*\"NewValue\"\\s*:\\s*\"\\[\\]\"","Failure","Failed"]
