WITH
q1 AS (
  SELECT 'audits' AS tbl, uid, source_id, activity_at AS ts
  FROM audits
  WHERE activity_at IS NOT NULL
    AND (list_contains(list_value(lower($1), lower($2), lower($3)), lower(activity_key)) AND lower(result) = lower($4))
  UNION ALL
  SELECT 'audits' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM audits WHERE activity_at IS NULL AND (list_contains(list_value(lower($5), lower($6), lower($7)), lower(activity_key)) AND lower(result) = lower($8))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: ["add member to role outside of pim (permanent)","add member to role in pim completed (permanent)","add eligible member to role in pim completed (permanent)","success","add member to role outside of pim (permanent)","add member to role in pim completed (permanent)","add eligible member to role in pim completed (permanent)","success"]
