WITH
q1 AS (
  SELECT 'audits' AS tbl, uid, source_id, activity_at AS ts
  FROM audits
  WHERE activity_at IS NOT NULL
    AND (((lower(activity_key) = lower($1) OR lower(activity_key) = lower($2) OR lower(activity_key) = lower($3)) AND lower(result) = lower($4)) AND target_resources ILIKE $5 ESCAPE '\' AND NOT coalesce(regexp_matches(target_resources, $6), false))
  UNION ALL
  SELECT 'audits' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM audits WHERE activity_at IS NULL AND (((lower(activity_key) = lower($7) OR lower(activity_key) = lower($8) OR lower(activity_key) = lower($9)) AND lower(result) = lower($10)) AND target_resources ILIKE $11 ESCAPE '\' AND NOT coalesce(regexp_matches(target_resources, $12), false))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, row_number() OVER (ORDER BY ts, tbl, uid) AS episode
FROM q1
ORDER BY ts, tbl, uid
-- parameters: ["add service principal credentials","update application - certificates and secrets management","update service principal - certificates and secrets management","success","%KeyDescription%","\"displayName\"\\s*:\\s*\"KeyDescription\"\\s*,\\s*\"oldValue\"\\s*:\\s*\"\\[\\]\"","add service principal credentials","update application - certificates and secrets management","update service principal - certificates and secrets management","success","%KeyDescription%","\"displayName\"\\s*:\\s*\"KeyDescription\"\\s*,\\s*\"oldValue\"\\s*:\\s*\"\\[\\]\""]
