WITH
q1 AS (
  SELECT 'activities' AS tbl, uid, source_id, created_at AS ts
  FROM activities
  WHERE created_at IS NOT NULL
    AND ((operation ILIKE $1 ESCAPE '\' OR ((lower(operation) = lower($2) OR lower(operation) = lower($3)) AND regexp_matches(audit_data, $4))) AND NOT coalesce((lower(result_status) = lower($5) OR lower(result_status) = lower($6)), false))
  UNION ALL
  SELECT 'activities' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM activities WHERE created_at IS NULL AND ((operation ILIKE $7 ESCAPE '\' OR ((lower(operation) = lower($8) OR lower(operation) = lower($9)) AND regexp_matches(audit_data, $10))) AND NOT coalesce((lower(result_status) = lower($11) OR lower(result_status) = lower($12)), false))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, row_number() OVER (ORDER BY ts, tbl, uid) AS episode
FROM q1
ORDER BY ts, tbl, uid
-- parameters: ["Disable Strong Authentication%","Update user","Update user.","\"Name\"\\s*:\\s*\"StrongAuthenticationRequirement\"\\s*,\\s*\"NewValue\"\\s*:\\s*\"\\[\\]\"","Failure","Failed","Disable Strong Authentication%","Update user","Update user.","\"Name\"\\s*:\\s*\"StrongAuthenticationRequirement\"\\s*,\\s*\"NewValue\"\\s*:\\s*\"\\[\\]\"","Failure","Failed"]
