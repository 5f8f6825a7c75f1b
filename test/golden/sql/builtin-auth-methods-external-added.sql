WITH
q1 AS (
  SELECT 'audits' AS tbl, uid, source_id, activity_at AS ts
  FROM audits
  WHERE activity_at IS NOT NULL
    AND ((lower(activity_key) = lower($1) AND lower(result) = lower($2)) AND target_resources ILIKE $3 ESCAPE '\')
  UNION ALL
  SELECT 'audits' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM audits WHERE activity_at IS NULL AND ((lower(activity_key) = lower($4) AND lower(result) = lower($5)) AND target_resources ILIKE $6 ESCAPE '\')) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, row_number() OVER (ORDER BY ts, tbl, uid) AS episode
FROM q1
ORDER BY ts, tbl, uid
-- parameters: ["authentication methods policy update","success","%externalAuthenticationMethodConfiguration%","authentication methods policy update","success","%externalAuthenticationMethodConfiguration%"]
