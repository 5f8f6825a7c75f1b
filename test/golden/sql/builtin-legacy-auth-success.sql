WITH
q1 AS (
  SELECT 'signins' AS tbl, uid, source_id, created_at AS ts
  FROM signins
  WHERE created_at IS NOT NULL
    AND (error_code = $1 AND (lower(client_app) = lower($2) OR lower(client_app) = lower($3) OR lower(client_app) = lower($4) OR lower(client_app) = lower($5) OR lower(client_app) = lower($6) OR lower(client_app) = lower($7) OR lower(client_app) = lower($8) OR lower(client_app) = lower($9) OR lower(client_app) = lower($10)))
  UNION ALL
  SELECT 'signins' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM signins WHERE created_at IS NULL AND (error_code = $11 AND (lower(client_app) = lower($12) OR lower(client_app) = lower($13) OR lower(client_app) = lower($14) OR lower(client_app) = lower($15) OR lower(client_app) = lower($16) OR lower(client_app) = lower($17) OR lower(client_app) = lower($18) OR lower(client_app) = lower($19) OR lower(client_app) = lower($20)))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, row_number() OVER (ORDER BY ts, tbl, uid) AS episode
FROM q1
ORDER BY ts, tbl, uid
-- parameters: [0,"Authenticated SMTP","IMAP4","POP3","MAPI Over HTTP","Exchange Web Services","Offline Address Book","Outlook Anywhere (RPC over HTTP)","Exchange Online PowerShell","Other clients",0,"Authenticated SMTP","IMAP4","POP3","MAPI Over HTTP","Exchange Web Services","Offline Address Book","Outlook Anywhere (RPC over HTTP)","Exchange Online PowerShell","Other clients"]
