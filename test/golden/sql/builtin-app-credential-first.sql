WITH
q1 AS (
  SELECT 'audits' AS tbl, uid, source_id, activity_at AS ts
  FROM audits
  WHERE activity_at IS NOT NULL
    AND ((list_contains(list_value(lower($1), lower($2), lower($3)), lower(activity_key)) AND lower(result) = lower($4)) AND regexp_matches(target_resources, $5))
  UNION ALL
  SELECT 'audits' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM audits WHERE activity_at IS NULL AND ((list_contains(list_value(lower($6), lower($7), lower($8)), lower(activity_key)) AND lower(result) = lower($9)) AND regexp_matches(target_resources, $10))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: ["add service principal credentials","update application - certificates and secrets management","update service principal - certificates and secrets management","success","\"displayName\"\\s*:\\s*\"KeyDescription\"\\s*,\\s*\"oldValue\"\\s*:\\s*\"\\[\\]\"","add service principal credentials","update application - certificates and secrets management","update service principal - certificates and secrets management","success","\"displayName\"\\s*:\\s*\"KeyDescription\"\\s*,\\s*\"oldValue\"\\s*:\\s*\"\\[\\]\""]
