WITH
q1 AS (
  SELECT 'audits' AS tbl, uid, source_id, activity_at AS ts
  FROM audits
  WHERE activity_at IS NOT NULL
    AND ((lower(activity_key) = lower($1) AND lower(result) = lower($2)) AND ((json_extract_string(target_resources, '$[0].modifiedProperties[0].oldValue') ILIKE $3 ESCAPE '\' AND NOT coalesce(json_extract_string(target_resources, '$[0].modifiedProperties[0].newValue') ILIKE $4 ESCAPE '\', false)) OR (regexp_matches(json_extract_string(target_resources, '$[0].modifiedProperties[0].oldValue'), $5) AND regexp_matches(json_extract_string(target_resources, '$[0].modifiedProperties[0].newValue'), $6))))
  UNION ALL
  SELECT 'audits' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM audits WHERE activity_at IS NULL AND ((lower(activity_key) = lower($7) AND lower(result) = lower($8)) AND ((json_extract_string(target_resources, '$[0].modifiedProperties[0].oldValue') ILIKE $9 ESCAPE '\' AND NOT coalesce(json_extract_string(target_resources, '$[0].modifiedProperties[0].newValue') ILIKE $10 ESCAPE '\', false)) OR (regexp_matches(json_extract_string(target_resources, '$[0].modifiedProperties[0].oldValue'), $11) AND regexp_matches(json_extract_string(target_resources, '$[0].modifiedProperties[0].newValue'), $12))))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, row_number() OVER (ORDER BY ts, tbl, uid) AS episode
FROM q1
ORDER BY ts, tbl, uid
-- parameters: ["update conditional access policy","success","%\"mfa\"%","%\"mfa\"%","\"excludeUsers\"\\s*:\\s*\\[\\s*\\].*\"excludeGroups\"\\s*:\\s*\\[\\s*\\]","\"exclude(Users|Groups)\"\\s*:\\s*\\[\\s*\"","update conditional access policy","success","%\"mfa\"%","%\"mfa\"%","\"excludeUsers\"\\s*:\\s*\\[\\s*\\].*\"excludeGroups\"\\s*:\\s*\\[\\s*\\]","\"exclude(Users|Groups)\"\\s*:\\s*\\[\\s*\""]
