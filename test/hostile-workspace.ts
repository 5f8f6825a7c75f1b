import { DetectionEngine } from '../src/detect/engine.js';
import { CORE_RULE_FILES } from './core-rules.js';
import { tempWorkspace } from './workspace.js';

/**
 * Attacker-chosen strings as they reach the store: a user agent, a UPN, a service principal name, an inbox rule and
 * an evidence path carrying markup, script, Markdown links, table breakers, control characters and spreadsheet
 * formulas. Every one appears in some report section.
 */
export const HOSTILE = {
  userAgent: '=HYPERLINK("http://evil.example","x")<script>window.__pwned = "ua"</script>',
  upn: `"><img src=x onerror="window.__pwned='upn'">@contoso.example`,
  spName: `<svg onload="window.__pwned='sp'">|[click](javascript:alert(1))`,
  ruleName: `<iframe src="javascript:window.__pwned='rule'"></iframe>`,
  forwardTo: `=cmd|' /C calc'!A0`,
  deviceName: '@SUM(1+1)*cmd|/C calc!A0\u202Egnp.exe',
  path: `/tmp/<b onmouseover="window.__pwned='path'">evil</b>.json`,
} as const;

export const HOSTILE_IP = '203.0.113.66';

/** A workspace holding a spray, a success, a role for a hostile service principal and a hostile inbox rule. */
export async function hostileWorkspace(): Promise<Awaited<ReturnType<typeof tempWorkspace>>> {
  const t = await tempWorkspace();
  const { ws } = t;
  // Twelve accounts failing from one address in ten minutes, then the hostile UPN succeeding from it.
  await ws.run(
    `INSERT INTO signins_inline (uid, source_id, created_at, user_principal_name, ip_address, country, client_app, error_code,
                          user_agent, app_display_name, resource_display_name, device_name, authentication_requirement)
     SELECT 'fail-' || i, 'fail-' || i, TIMESTAMPTZ '2025-09-10 10:00:00+00' + i * INTERVAL 50 SECOND,
            'user' || i || '@contoso.example', $1, 'NL', 'Authenticated SMTP', 50126, $2, 'Office 365 Exchange Online',
            'Office 365 Exchange Online', $4, 'singleFactorAuthentication'
     FROM range(12) t(i)
     UNION ALL SELECT 'ok-1', 'ok-1', TIMESTAMPTZ '2025-09-10 10:20:00+00', $3, $1, 'NL', 'Exchange ActiveSync', 0, $2,
            'Office 365 Exchange Online', 'Office 365 Exchange Online', $4, 'singleFactorAuthentication'`,
    [HOSTILE_IP, HOSTILE.userAgent, HOSTILE.upn.toLowerCase(), HOSTILE.deviceName],
  );
  await ws.run(
    `INSERT INTO audits_inline (uid, source_id, activity_at, activity, activity_key, category, logged_by_service, operation_type,
                         result, initiator_type, initiator_upn, initiator_ip, target_id, target_type, target_display_name,
                         role_name, user_agent, target_resources)
     VALUES ('role-1', 'role-1', TIMESTAMPTZ '2025-09-10 10:40:00+00', 'Add member to role', 'add member to role',
             'RoleManagement', 'Core Directory', 'Assign', 'success', 'user', $1, $2, 'sp-1', 'ServicePrincipal', $3,
             'Global Administrator', $4, $5)`,
    [
      HOSTILE.upn.toLowerCase(),
      HOSTILE_IP,
      HOSTILE.spName,
      HOSTILE.userAgent,
      JSON.stringify([{ id: 'sp-1', type: 'ServicePrincipal', displayName: HOSTILE.spName }]),
    ],
  );
  await ws.run(
    `INSERT INTO activities_inline (uid, source_id, created_at, operation, operation_key, workload, user_id, client_ip,
                             result_status, mailbox_owner_upn, parameters)
     VALUES ('ual-1', 'ual-1', TIMESTAMPTZ '2025-09-10 11:00:00+00', 'New-InboxRule', 'new-inboxrule', 'Exchange', $1, $2,
             'Succeeded', $1, $3)`,
    [
      HOSTILE.upn.toLowerCase(),
      HOSTILE_IP,
      JSON.stringify([
        { Name: 'Name', Value: HOSTILE.ruleName },
        { Name: 'ForwardTo', Value: HOSTILE.forwardTo },
      ]),
    ],
  );
  await ws.run(
    `INSERT INTO evidence VALUES ('${'a'.repeat(64)}', $1, 10, 'graph-json', 'signins', 13, 13, 0, 0, now())`,
    [HOSTILE.path],
  );
  await DetectionEngine.load(CORE_RULE_FILES, { strict: true }).run(ws, { full: true });
  return t;
}
