WITH
q1 AS (
  SELECT 'audits' AS tbl, uid, source_id, activity_at AS ts
  FROM audits
  WHERE activity_at IS NOT NULL
    AND (lower(result) = lower($1) AND (lower(activity_key) = lower($2) OR (lower(activity_key) = lower($3) AND regexp_matches(target_resources, $4))))
  UNION ALL
  SELECT 'audits' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM audits WHERE activity_at IS NULL AND (lower(result) = lower($5) AND (lower(activity_key) = lower($6) OR (lower(activity_key) = lower($7) AND regexp_matches(target_resources, $8))))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: ["success","disable strong authentication","update user","\"displayName\"\\s*:\\s*\"StrongAuthenticationRequirement\"\\s*,\\s*\"oldValue\"\\s*:\\s*\"\\[\\{.*?\\}\\]\"\\s*,\\s*\"newValue\"\\s*:\\s*\"\\[\\]\"","success","disable strong authentication","update user","\"displayName\"\\s*:\\s*\"StrongAuthenticationRequirement\"\\s*,\\s*\"oldValue\"\\s*:\\s*\"\\[\\{.*?\\}\\]\"\\s*,\\s*\"newValue\"\\s*:\\s*\"\\[\\]\""]
