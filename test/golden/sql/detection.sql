WITH
q1 AS (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts
  FROM signins
  WHERE created_at IS NOT NULL
    AND ((error_code = $1 AND (lower(client_app) = lower($2) OR lower(client_app) = lower($3) OR lower(client_app) = lower($4))) AND NOT coalesce((CASE WHEN regexp_full_match(ip_address, '(\d{1,3}\.){3}\d{1,3}') THEN list_reduce(list_transform(string_split(ip_address, '.'), lambda o: TRY_CAST(o AS UBIGINT)), lambda a, b: a * 256 + b) END) BETWEEN $5 AND $6, false))
  UNION ALL
  SELECT 'signins' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM signins WHERE created_at IS NULL AND ((error_code = $7 AND (lower(client_app) = lower($8) OR lower(client_app) = lower($9) OR lower(client_app) = lower($10))) AND NOT coalesce((CASE WHEN regexp_full_match(ip_address, '(\d{1,3}\.){3}\d{1,3}') THEN list_reduce(list_transform(string_split(ip_address, '.'), lambda o: TRY_CAST(o AS UBIGINT)), lambda a, b: a * 256 + b) END) BETWEEN $11 AND $12, false))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, row_number() OVER (ORDER BY ts, tbl, uid) AS episode
FROM q1
ORDER BY ts, tbl, uid
-- parameters: [0,"IMAP4","POP3","Authenticated SMTP",167772160,184549375,0,"IMAP4","POP3","Authenticated SMTP",167772160,184549375]
