import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../../test/workspace.js';
import type { Workspace } from '../store/workspace.js';
import { cmdletParameters, tamperingFindings } from './tampering.js';

let ws: Workspace;
let cleanup: () => void;

const param = (name: string, value: string) =>
  JSON.stringify([
    { Name: 'Identity', Value: 'x' },
    { Name: name, Value: value },
  ]);

beforeAll(async () => {
  ({ ws, cleanup } = await tempWorkspace());
  const rows: [string, string, string, string, string | null][] = [
    [
      'u1',
      '2025-09-26T02:00:00Z',
      'Set-AdminAuditLogConfig',
      'mallory@contoso.com',
      param('UnifiedAuditLogIngestionEnabled', 'False'),
    ],
    [
      'u2',
      '2025-09-26T02:05:00Z',
      'Set-AdminAuditLogConfig',
      'admin@contoso.com',
      param('UnifiedAuditLogIngestionEnabled', 'True'),
    ],
    [
      'u3',
      '2025-09-26T02:10:00Z',
      'Set-MailboxAuditBypassAssociation',
      'mallory@contoso.com',
      param('AuditBypassEnabled', 'True'),
    ],
    ['u4', '2025-09-26T02:15:00Z', 'Set-Mailbox', 'mallory@contoso.com', param('AuditEnabled', '$false')],
    ['u5', '2025-09-26T02:20:00Z', 'Set-Mailbox', 'admin@contoso.com', param('ForwardingSmtpAddress', 'a@b.c')],
    ['u6', '2025-09-26T02:25:00Z', 'Set-OrganizationConfig', 'mallory@contoso.com', param('AuditDisabled', 'True')],
  ];
  for (const [uid, at, op, user, params] of rows) {
    await ws.run(
      `INSERT INTO activities_inline (uid, created_at, operation, operation_key, user_id, parameters) VALUES ($1, $2::TIMESTAMPTZ, $3, lower($3), $4, $5)`,
      [uid, at, op, user, params],
    );
  }
});
afterAll(() => cleanup());

describe('tamperingFindings', () => {
  it('finds audit switched off, bypassed or disabled, and only when the parameter says so', async () => {
    const found = await tamperingFindings(ws);
    expect(found.map((f) => [f.kind, f.severity, f.at, f.actor, f.evidence.uid, f.verified])).toEqual([
      ['ual-ingestion-disabled', 'critical', '2025-09-26T02:00:00.000Z', 'mallory@contoso.com', 'u1', true],
      ['mailbox-audit-bypass', 'high', '2025-09-26T02:10:00.000Z', 'mallory@contoso.com', 'u3', true],
      ['mailbox-audit-disabled', 'high', '2025-09-26T02:15:00.000Z', 'mallory@contoso.com', 'u4', true],
      ['org-mailbox-audit-disabled', 'critical', '2025-09-26T02:25:00.000Z', 'mallory@contoso.com', 'u6', true],
    ]);
  });

  it('reads cmdlet parameters case-insensitively and survives broken text', () => {
    expect(cmdletParameters('[{"Name":"AuditEnabled","Value":"False"}]')).toEqual([
      { name: 'auditenabled', value: 'False' },
    ]);
    expect(cmdletParameters('not json')).toEqual([]);
    expect(cmdletParameters(null)).toEqual([]);
  });
});
