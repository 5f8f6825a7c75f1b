WITH
q1 AS (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts
  FROM signins
  WHERE created_at IS NOT NULL
    AND (error_code = $1 AND list_contains(list_value(lower($2), lower($3), lower($4), lower($5), lower($6), lower($7), lower($8), lower($9), lower($10)), lower(client_app)))
  UNION ALL
  SELECT 'signins' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM signins WHERE created_at IS NULL AND (error_code = $11 AND list_contains(list_value(lower($12), lower($13), lower($14), lower($15), lower($16), lower($17), lower($18), lower($19), lower($20)), lower(client_app)))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: [0,"Authenticated SMTP","IMAP4","POP3","MAPI Over HTTP","Exchange Web Services","Offline Address Book","Outlook Anywhere (RPC over HTTP)","Exchange Online PowerShell","Other clients",0,"Authenticated SMTP","IMAP4","POP3","MAPI Over HTTP","Exchange Web Services","Offline Address Book","Outlook Anywhere (RPC over HTTP)","Exchange Online PowerShell","Other clients"]
