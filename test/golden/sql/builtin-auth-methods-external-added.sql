WITH
q1 AS (
  SELECT 'audits' AS tbl, uid, source_id, activity_at AS ts
  FROM audits
  WHERE activity_at IS NOT NULL
    AND ((lower(activity_key) = lower($1) AND lower(result) = lower($2)) AND regexp_matches(target_resources, $3) AND NOT coalesce(regexp_matches(target_resources, $4), false))
  UNION ALL
  SELECT 'audits' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM audits WHERE activity_at IS NULL AND ((lower(activity_key) = lower($5) AND lower(result) = lower($6)) AND regexp_matches(target_resources, $7) AND NOT coalesce(regexp_matches(target_resources, $8), false))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: ["authentication methods policy update","success","\"newValue\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*externalAuthenticationMethodConfiguration","\"oldValue\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*externalAuthenticationMethodConfiguration","authentication methods policy update","success","\"newValue\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*externalAuthenticationMethodConfiguration","\"oldValue\"\\s*:\\s*\"(?:[^\"\\\\]|\\\\.)*externalAuthenticationMethodConfiguration"]
