WITH
q1 AS (
  SELECT 'audits' AS tbl, uid, source_id, activity_at AS ts
  FROM audits
  WHERE activity_at IS NOT NULL
    AND (((list_contains(list_value(lower($1), lower($2)), lower(activity_key)) AND target_resources ILIKE $3 ESCAPE '\') OR (lower(activity_key) = lower($4) AND regexp_matches(target_resources, $5))) AND regexp_matches(target_resources, $6) AND lower(result) = lower($7))
  UNION ALL
  SELECT 'audits' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM audits WHERE activity_at IS NULL AND (((list_contains(list_value(lower($8), lower($9)), lower(activity_key)) AND target_resources ILIKE $10 ESCAPE '\') OR (lower(activity_key) = lower($11) AND regexp_matches(target_resources, $12))) AND regexp_matches(target_resources, $13) AND lower(result) = lower($14))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: ["add delegated permission grant","update delegated permission grant","%AllPrincipals%","consent to application","\"displayName\"\\s*:\\s*\"ConsentContext\\.IsAdminConsent\"\\s*,\\s*\"oldValue\"\\s*:\\s*[^,]*,\\s*\"newValue\"\\s*:\\s*\"\\\\?\"?True","(Mail\\.|Files\\.|Sites\\.|Directory\\.|RoleManagement\\.|Application\\.ReadWrite|AppRoleAssignment\\.ReadWrite|User\\.ReadWrite\\.All|full_access_as_user|full_access_as_app|EWS\\.AccessAsUser|MailboxSettings\\.|Chat\\.|ChannelMessage\\.|Group\\.ReadWrite|Contacts\\.|Calendars\\.ReadWrite|Notes\\.)","success","add delegated permission grant","update delegated permission grant","%AllPrincipals%","consent to application","\"displayName\"\\s*:\\s*\"ConsentContext\\.IsAdminConsent\"\\s*,\\s*\"oldValue\"\\s*:\\s*[^,]*,\\s*\"newValue\"\\s*:\\s*\"\\\\?\"?True","(Mail\\.|Files\\.|Sites\\.|Directory\\.|RoleManagement\\.|Application\\.ReadWrite|AppRoleAssignment\\.ReadWrite|User\\.ReadWrite\\.All|full_access_as_user|full_access_as_app|EWS\\.AccessAsUser|MailboxSettings\\.|Chat\\.|ChannelMessage\\.|Group\\.ReadWrite|Contacts\\.|Calendars\\.ReadWrite|Notes\\.)","success"]
