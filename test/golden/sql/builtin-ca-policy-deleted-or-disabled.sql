WITH
q1 AS (
  SELECT 'audits' AS tbl, uid, source_id, activity_at AS ts
  FROM audits
  WHERE activity_at IS NOT NULL
    AND (lower(result) = lower($1) AND (lower(activity_key) = lower($2) OR (lower(activity_key) = lower($3) AND regexp_matches(json_extract_string(target_resources, '$[0].modifiedProperties[0].newValue'), $4) AND NOT coalesce(regexp_matches(json_extract_string(target_resources, '$[0].modifiedProperties[0].oldValue'), $5), false))))
  UNION ALL
  SELECT 'audits' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM audits WHERE activity_at IS NULL AND (lower(result) = lower($6) AND (lower(activity_key) = lower($7) OR (lower(activity_key) = lower($8) AND regexp_matches(json_extract_string(target_resources, '$[0].modifiedProperties[0].newValue'), $9) AND NOT coalesce(regexp_matches(json_extract_string(target_resources, '$[0].modifiedProperties[0].oldValue'), $10), false))))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: ["success","delete conditional access policy","update conditional access policy","\"state\"\\s*:\\s*\"(disabled|enabledForReportingButNotEnforced)\"","\"state\"\\s*:\\s*\"(disabled|enabledForReportingButNotEnforced)\"","success","delete conditional access policy","update conditional access policy","\"state\"\\s*:\\s*\"(disabled|enabledForReportingButNotEnforced)\"","\"state\"\\s*:\\s*\"(disabled|enabledForReportingButNotEnforced)\""]
