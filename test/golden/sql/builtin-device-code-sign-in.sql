WITH
q1 AS (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts
  FROM signins
  WHERE created_at IS NOT NULL
    AND (error_code = $1 AND (lower(authentication_protocol) = lower($2) OR lower(original_transfer_method) = lower($3)))
  UNION ALL
  SELECT 'signins' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM signins WHERE created_at IS NULL AND (error_code = $4 AND (lower(authentication_protocol) = lower($5) OR lower(original_transfer_method) = lower($6)))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: [0,"deviceCode","deviceCodeFlow",0,"deviceCode","deviceCodeFlow"]
