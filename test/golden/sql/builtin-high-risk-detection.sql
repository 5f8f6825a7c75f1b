WITH
q1 AS (
  SELECT 'risk_detections' AS tbl, uid, source_id, detected_at AS ts
  FROM risk_detections
  WHERE detected_at IS NOT NULL
    AND (lower(risk_level) = lower($1) AND NOT coalesce(lower(risk_state) = lower($2), false))
  UNION ALL
  SELECT 'risk_detections' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM risk_detections WHERE detected_at IS NULL AND (lower(risk_level) = lower($3) AND NOT coalesce(lower(risk_state) = lower($4), false))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: ["high","dismissed","high","dismissed"]
