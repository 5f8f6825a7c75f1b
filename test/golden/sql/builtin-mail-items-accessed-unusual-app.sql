WITH
q1 AS (
  SELECT 'activities' AS tbl, uid, source_id, created_at AS ts
  FROM activities
  WHERE created_at IS NOT NULL
    AND (lower(operation) = lower($1) AND NOT coalesce(list_contains(list_value(lower($2), lower($3), lower($4), lower($5), lower($6), lower($7)), lower(json_extract_string(audit_data, '$.ClientAppId'))), false) AND NOT coalesce(((json_extract_string(audit_data, '$.ClientAppId') IS NULL OR json_extract_string(audit_data, '$.ClientAppId') = '') AND list_contains(list_value(lower($8), lower($9), lower($10), lower($11), lower($12), lower($13)), lower(app_id))), false) AND NOT coalesce(((json_extract_string(audit_data, '$.ClientAppId') IS NULL OR json_extract_string(audit_data, '$.ClientAppId') = '') AND (app_id IS NULL OR app_id = '')), false))
  UNION ALL
  SELECT 'activities' AS tbl, t.uid, t.source_id, ev.imported_at AS ts
  FROM (SELECT * FROM activities WHERE created_at IS NULL AND (lower(operation) = lower($14) AND NOT coalesce(list_contains(list_value(lower($15), lower($16), lower($17), lower($18), lower($19), lower($20)), lower(json_extract_string(audit_data, '$.ClientAppId'))), false) AND NOT coalesce(((json_extract_string(audit_data, '$.ClientAppId') IS NULL OR json_extract_string(audit_data, '$.ClientAppId') = '') AND list_contains(list_value(lower($21), lower($22), lower($23), lower($24), lower($25), lower($26)), lower(app_id))), false) AND NOT coalesce(((json_extract_string(audit_data, '$.ClientAppId') IS NULL OR json_extract_string(audit_data, '$.ClientAppId') = '') AND (app_id IS NULL OR app_id = '')), false))) t
  JOIN evidence ev ON ev.sha256 = t.evidence_sha256
)
SELECT tbl, uid, source_id, ts, 1 AS episode
FROM q1
-- parameters: ["MailItemsAccessed","00000002-0000-0ff1-ce00-000000000000","d3590ed6-52b3-4102-aeff-aad2292ab01c","27922004-5251-4030-b22d-91ecd9a37ea4","9199bf20-a13f-4107-85dc-02114787ef48","5d661950-3475-41cd-a2c3-d671a3162bc1","1fec8e78-bce4-4aaf-ab1b-5451cc387264","00000002-0000-0ff1-ce00-000000000000","d3590ed6-52b3-4102-aeff-aad2292ab01c","27922004-5251-4030-b22d-91ecd9a37ea4","9199bf20-a13f-4107-85dc-02114787ef48","5d661950-3475-41cd-a2c3-d671a3162bc1","1fec8e78-bce4-4aaf-ab1b-5451cc387264","MailItemsAccessed","00000002-0000-0ff1-ce00-000000000000","d3590ed6-52b3-4102-aeff-aad2292ab01c","27922004-5251-4030-b22d-91ecd9a37ea4","9199bf20-a13f-4107-85dc-02114787ef48","5d661950-3475-41cd-a2c3-d671a3162bc1","1fec8e78-bce4-4aaf-ab1b-5451cc387264","00000002-0000-0ff1-ce00-000000000000","d3590ed6-52b3-4102-aeff-aad2292ab01c","27922004-5251-4030-b22d-91ecd9a37ea4","9199bf20-a13f-4107-85dc-02114787ef48","5d661950-3475-41cd-a2c3-d671a3162bc1","1fec8e78-bce4-4aaf-ab1b-5451cc387264"]
