WITH
q1 AS (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts
  FROM signins
  WHERE created_at IS NOT NULL
    AND ((lower(authentication_protocol) = lower($1) AND lower(authentication_requirement) = lower($2) AND error_code = $3) AND NOT coalesce(lower(client_app) = lower($4), false) AND NOT coalesce(is_legacy_auth = $5, false))
  UNION ALL
  SELECT 'signins' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM signins WHERE created_at IS NULL AND ((lower(authentication_protocol) = lower($6) AND lower(authentication_requirement) = lower($7) AND error_code = $8) AND NOT coalesce(lower(client_app) = lower($9), false) AND NOT coalesce(is_legacy_auth = $10, false))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: ["ropc","singleFactorAuthentication",0,"Exchange ActiveSync",true,"ropc","singleFactorAuthentication",0,"Exchange ActiveSync",true]
