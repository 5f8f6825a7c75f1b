WITH
q1 AS (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts
  FROM signins
  WHERE created_at IS NOT NULL
    AND ((lower(risk_level_during_signin) = lower($1) OR lower(risk_level_aggregated) = lower($2)) AND NOT coalesce((lower(risk_state) = lower($3) OR lower(risk_state) = lower($4) OR lower(risk_state) = lower($5)), false))
  UNION ALL
  SELECT 'signins' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM signins WHERE created_at IS NULL AND ((lower(risk_level_during_signin) = lower($6) OR lower(risk_level_aggregated) = lower($7)) AND NOT coalesce((lower(risk_state) = lower($8) OR lower(risk_state) = lower($9) OR lower(risk_state) = lower($10)), false))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, row_number() OVER (ORDER BY ts, tbl, uid) AS episode
FROM q1
ORDER BY ts, tbl, uid
-- parameters: ["high","high","dismissed","remediated","confirmedSafe","high","high","dismissed","remediated","confirmedSafe"]
