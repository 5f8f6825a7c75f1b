WITH
q1 AS (
  SELECT 'audits' AS tbl, uid, source_id, activity_at AS ts
  FROM audits
  WHERE activity_at IS NOT NULL
    AND (list_contains(list_value(lower($1), lower($2), lower($3), lower($4), lower($5), lower($6)), lower(activity_key)) AND lower(result) = lower($7))
  UNION ALL
  SELECT 'audits' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM audits WHERE activity_at IS NULL AND (list_contains(list_value(lower($8), lower($9), lower($10), lower($11), lower($12), lower($13)), lower(activity_key)) AND lower(result) = lower($14))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: ["add partner to company","remove partner from company","set partnership","add a partner to cross-tenant access setting","update a partner cross-tenant access setting","create a partner cross-tenant identity sync setting","success","add partner to company","remove partner from company","set partnership","add a partner to cross-tenant access setting","update a partner cross-tenant access setting","create a partner cross-tenant identity sync setting","success"]
