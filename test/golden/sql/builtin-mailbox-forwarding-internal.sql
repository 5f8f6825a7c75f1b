WITH
q1 AS (
  SELECT 'activities' AS tbl, uid, source_id, created_at AS ts
  FROM activities
  WHERE created_at IS NOT NULL
    AND ((lower(operation) = lower($1) AND regexp_matches(parameters, $2)) AND lower((CASE WHEN EXISTS (SELECT 1 FROM snapshots accepted WHERE accepted.resource = 'domains' AND json_extract_string(accepted.raw, '$.isVerified') = 'true' AND lower(accepted.object_id) = lower(regexp_extract(parameters, '"Name"\s*:\s*"Forwarding(?:Smtp)?Address"\s*,\s*"Value"\s*:\s*"[^"@]*@([^"]+)"', 1))) THEN 'true' ELSE 'false' END)) = lower($3))
  UNION ALL
  SELECT 'activities' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM activities WHERE created_at IS NULL AND ((lower(operation) = lower($4) AND regexp_matches(parameters, $5)) AND lower((CASE WHEN EXISTS (SELECT 1 FROM snapshots accepted WHERE accepted.resource = 'domains' AND json_extract_string(accepted.raw, '$.isVerified') = 'true' AND lower(accepted.object_id) = lower(regexp_extract(parameters, '"Name"\s*:\s*"Forwarding(?:Smtp)?Address"\s*,\s*"Value"\s*:\s*"[^"@]*@([^"]+)"', 1))) THEN 'true' ELSE 'false' END)) = lower($6))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: ["Set-Mailbox","\"Name\"\\s*:\\s*\"(ForwardingSmtpAddress|ForwardingAddress)\"\\s*,\\s*\"Value\"\\s*:\\s*\"[^\"]+\"","true","Set-Mailbox","\"Name\"\\s*:\\s*\"(ForwardingSmtpAddress|ForwardingAddress)\"\\s*,\\s*\"Value\"\\s*:\\s*\"[^\"]+\"","true"]
