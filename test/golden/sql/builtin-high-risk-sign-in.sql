WITH
q1 AS (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts
  FROM signins
  WHERE created_at IS NOT NULL
    AND ((lower(risk_level_during_signin) = lower($1) OR lower(risk_level_aggregated) = lower($2)) AND NOT coalesce(list_contains(list_value(lower($3), lower($4), lower($5)), lower(risk_state)), false))
  UNION ALL
  SELECT 'signins' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM signins WHERE created_at IS NULL AND ((lower(risk_level_during_signin) = lower($6) OR lower(risk_level_aggregated) = lower($7)) AND NOT coalesce(list_contains(list_value(lower($8), lower($9), lower($10)), lower(risk_state)), false))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: ["high","high","dismissed","remediated","confirmedSafe","high","high","dismissed","remediated","confirmedSafe"]
