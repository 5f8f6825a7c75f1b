WITH
q1 AS (
  SELECT 'activities' AS tbl, uid, source_id, created_at AS ts
  FROM activities
  WHERE created_at IS NOT NULL
    AND (list_contains(list_value(lower($1), lower($2), lower($3)), lower(operation)) AND (regexp_matches(parameters, $4) OR regexp_matches(parameters, $5) OR regexp_matches(parameters, $6)))
  UNION ALL
  SELECT 'activities' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM activities WHERE created_at IS NULL AND (list_contains(list_value(lower($7), lower($8), lower($9)), lower(operation)) AND (regexp_matches(parameters, $10) OR regexp_matches(parameters, $11) OR regexp_matches(parameters, $12)))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: ["New-InboxRule","Set-InboxRule","UpdateInboxRules","\"Name\"\\s*:\\s*\"(ForwardTo|ForwardAsAttachmentTo|RedirectTo)\"\\s*,\\s*\"Value\"\\s*:\\s*\"[^\"]+\"","\"Name\"\\s*:\\s*\"(DeleteMessage|SoftDeleteMessage)\"\\s*,\\s*\"Value\"\\s*:\\s*\"[Tt]rue\"","\"Name\"\\s*:\\s*\"MoveToFolder\"\\s*,\\s*\"Value\"\\s*:\\s*\"(Deleted Items|RSS Subscriptions|RSS Feeds|Conversation History|Archive)\"","New-InboxRule","Set-InboxRule","UpdateInboxRules","\"Name\"\\s*:\\s*\"(ForwardTo|ForwardAsAttachmentTo|RedirectTo)\"\\s*,\\s*\"Value\"\\s*:\\s*\"[^\"]+\"","\"Name\"\\s*:\\s*\"(DeleteMessage|SoftDeleteMessage)\"\\s*,\\s*\"Value\"\\s*:\\s*\"[Tt]rue\"","\"Name\"\\s*:\\s*\"MoveToFolder\"\\s*,\\s*\"Value\"\\s*:\\s*\"(Deleted Items|RSS Subscriptions|RSS Feeds|Conversation History|Archive)\""]
