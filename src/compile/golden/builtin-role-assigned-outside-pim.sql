WITH
q1 AS (
  SELECT 'audits' AS tbl, uid, source_id, activity_at AS ts
  FROM audits
  WHERE activity_at IS NOT NULL
    AND (((lower(activity_key) = lower($1) OR lower(activity_key) = lower($2)) AND (lower(logged_by_service) = lower($3) OR lower(logged_by_service) = lower($4)) AND lower(result) = lower($5)) AND (lower(role_name) = lower($6) OR lower(role_name) = lower($7) OR lower(role_name) = lower($8) OR lower(role_name) = lower($9) OR lower(role_name) = lower($10) OR lower(role_name) = lower($11) OR lower(role_name) = lower($12) OR lower(role_name) = lower($13) OR lower(role_name) = lower($14) OR lower(role_name) = lower($15) OR lower(role_name) = lower($16) OR lower(role_name) = lower($17) OR lower(role_name) = lower($18) OR lower(role_name) = lower($19) OR lower(role_name) = lower($20)) AND NOT coalesce((lower(initiator_type) = lower($21) AND lower(initiator_display_name) = lower($22)), false) AND NOT coalesce(lower(target_type) = lower($23), false))
)
SELECT tbl, uid, source_id, ts, row_number() OVER (ORDER BY ts, tbl, uid) AS episode
FROM q1
ORDER BY ts, tbl, uid
-- parameters: ["add member to role","add member to role outside of pim (permanent)","Core Directory","PIM","success","Global Administrator","Privileged Role Administrator","Privileged Authentication Administrator","Security Administrator","Exchange Administrator","SharePoint Administrator","User Administrator","Application Administrator","Cloud Application Administrator","Conditional Access Administrator","Authentication Administrator","Helpdesk Administrator","Billing Administrator","Intune Administrator","Hybrid Identity Administrator","app","MS-PIM","ServicePrincipal"]
