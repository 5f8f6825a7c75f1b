WITH
q1 AS (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts
  FROM signins
  WHERE created_at IS NOT NULL
    AND ((error_code = $1 AND list_contains(list_value(lower($2), lower($3), lower($4)), lower(client_app))) AND NOT coalesce((CASE WHEN regexp_full_match(ip_address, '(\d{1,3}\.){3}\d{1,3}') THEN list_reduce(list_transform(string_split(ip_address, '.'), lambda o: TRY_CAST(o AS UBIGINT)), lambda a, b: a * 256 + b) END) BETWEEN $5 AND $6, false))
  UNION ALL
  SELECT 'signins' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM signins WHERE created_at IS NULL AND ((error_code = $7 AND list_contains(list_value(lower($8), lower($9), lower($10)), lower(client_app))) AND NOT coalesce((CASE WHEN regexp_full_match(ip_address, '(\d{1,3}\.){3}\d{1,3}') THEN list_reduce(list_transform(string_split(ip_address, '.'), lambda o: TRY_CAST(o AS UBIGINT)), lambda a, b: a * 256 + b) END) BETWEEN $11 AND $12, false))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: [0,"IMAP4","POP3","Authenticated SMTP",167772160,184549375,0,"IMAP4","POP3","Authenticated SMTP",167772160,184549375]
