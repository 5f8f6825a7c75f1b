WITH
q1 AS (
  SELECT 'audits' AS tbl, uid, source_id, activity_at AS ts
  FROM audits
  WHERE activity_at IS NOT NULL
    AND ((lower(activity_key) = lower($1) OR lower(activity_key) = lower($2) OR lower(activity_key) = lower($3) OR lower(activity_key) = lower($4) OR lower(activity_key) = lower($5) OR lower(activity_key) = lower($6)) AND lower(result) = lower($7))
  UNION ALL
  SELECT 'audits' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM audits WHERE activity_at IS NULL AND ((lower(activity_key) = lower($8) OR lower(activity_key) = lower($9) OR lower(activity_key) = lower($10) OR lower(activity_key) = lower($11) OR lower(activity_key) = lower($12) OR lower(activity_key) = lower($13)) AND lower(result) = lower($14))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, row_number() OVER (ORDER BY ts, tbl, uid) AS episode
FROM q1
ORDER BY ts, tbl, uid
-- parameters: ["add partner to company","remove partner from company","set partnership","add a partner to cross-tenant access setting","update a partner cross-tenant access setting","create a partner cross-tenant identity sync setting","success","add partner to company","remove partner from company","set partnership","add a partner to cross-tenant access setting","update a partner cross-tenant access setting","create a partner cross-tenant identity sync setting","success"]
