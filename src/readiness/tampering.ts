/**
 * Logging being weakened, as the store shows it. Operation names and parameters: reference/ual_operations_schema.md
 * ("Audit tampering": Set-AdminAuditLogConfig (UnifiedAuditLogIngestionEnabled), Set-Mailbox -AuditEnabled $false,
 * Set-MailboxAuditBypassAssociation (AuditBypassEnabled), Set-OrganizationConfig -AuditDisabled). Where the
 * reference does not give the exact record (diagnostic settings, licence changes) the finding says UNVERIFIED.
 * A UAL record of ingestion being switched off may itself be the last one the tenant writes: its absence proves
 * nothing, which is why a stopped source is a finding of its own (gaps.ts).
 */

import type { Severity } from '../core/severity.js';
import { toIsoUtc } from '../core/time.js';
import type { Workspace } from '../store/workspace.js';

/** One tampering finding, pointing at its evidence row. */
export interface TamperingFinding {
  readonly kind: string;
  readonly severity: Severity;
  readonly title: string;
  readonly at: string | null;
  readonly actor: string | null;
  readonly target: string | null;
  readonly evidence: { readonly table: 'activities' | 'audits'; readonly uid: string };
  /** False when the operation name or parameter is not confirmed by ../shared/reference. */
  readonly verified: boolean;
}

interface Param {
  readonly name: string;
  readonly value: string;
}

/** Exchange cmdlet parameters as stored ([{Name, Value}] JSON text), names lower-cased. */
export function cmdletParameters(text: string | null): Param[] {
  if (text === null) return [];
  try {
    const v: unknown = JSON.parse(text);
    if (!Array.isArray(v)) return [];
    return v.flatMap((p) => {
      if (p === null || typeof p !== 'object') return [];
      const o = p as Record<string, unknown>;
      return typeof o.Name === 'string' ? [{ name: o.Name.toLowerCase(), value: String(o.Value ?? '') }] : [];
    });
  } catch {
    return [];
  }
}

const isFalse = (v: string | undefined) => v !== undefined && /^(\$?false|0)$/i.test(v.trim());
const isTrue = (v: string | undefined) => v !== undefined && /^(\$?true|1)$/i.test(v.trim());

interface Check {
  readonly operation: string;
  readonly param: string;
  readonly test: (v: string | undefined) => boolean;
  readonly kind: string;
  readonly severity: Severity;
  readonly title: string;
}

const UAL_CHECKS: readonly Check[] = [
  {
    operation: 'set-adminauditlogconfig',
    param: 'unifiedauditlogingestionenabled',
    test: isFalse,
    kind: 'ual-ingestion-disabled',
    severity: 'critical',
    title: 'Unified audit log ingestion switched off',
  },
  {
    operation: 'set-mailboxauditbypassassociation',
    param: 'auditbypassenabled',
    test: isTrue,
    kind: 'mailbox-audit-bypass',
    severity: 'high',
    title: 'Mailbox audit bypass enabled for an account',
  },
  {
    operation: 'set-mailbox',
    param: 'auditenabled',
    test: isFalse,
    kind: 'mailbox-audit-disabled',
    severity: 'high',
    title: 'Mailbox auditing disabled on a mailbox',
  },
  {
    operation: 'set-organizationconfig',
    param: 'auditdisabled',
    test: isTrue,
    kind: 'org-mailbox-audit-disabled',
    severity: 'critical',
    title: 'Mailbox auditing disabled for the whole organisation',
  },
];

/** Tampering findings from the unified audit log and directory audits, oldest first. */
export async function tamperingFindings(ws: Workspace): Promise<TamperingFinding[]> {
  const out: TamperingFinding[] = [];
  const rows = await ws.all<{
    uid: string;
    created_at: unknown;
    operation_key: string;
    user_id: string | null;
    object_id: string | null;
    parameters: string | null;
  }>(
    `SELECT uid, created_at, operation_key, user_id, object_id, parameters FROM activities
     WHERE operation_key IN ('set-adminauditlogconfig', 'set-mailboxauditbypassassociation', 'set-mailbox', 'set-organizationconfig')
     ORDER BY created_at, uid`,
  );
  for (const r of rows) {
    const params = cmdletParameters(r.parameters);
    for (const c of UAL_CHECKS) {
      if (c.operation !== r.operation_key) continue;
      if (!c.test(params.find((p) => p.name === c.param)?.value)) continue;
      out.push({
        kind: c.kind,
        severity: c.severity,
        title: c.title,
        at: toIsoUtc(r.created_at as Date | string),
        actor: r.user_id,
        target: r.object_id,
        evidence: { table: 'activities', uid: r.uid },
        verified: true,
      });
    }
  }
  // Diagnostic settings of Entra (microsoft.aadiam/diagnosticSettings) are an Azure Resource Manager object: the
  // documented record of their deletion is in the Azure Activity log, which premortem does not ingest yet. We look
  // for the ARM operation name in the UAL and for any directory audit naming diagnostic settings. UNVERIFIED.
  const diag = await ws.all<{ uid: string; ts: unknown; actor: string | null; tbl: string }>(
    `SELECT uid, created_at AS ts, user_id AS actor, 'activities' AS tbl FROM activities
       WHERE operation_key LIKE 'microsoft.aadiam/diagnosticsettings/%delete%'
     UNION ALL
     SELECT uid, activity_at AS ts, initiator_upn AS actor, 'audits' AS tbl FROM audits
       WHERE activity_key LIKE '%diagnostic setting%' AND (operation_type = 'Delete' OR activity_key LIKE '%delete%')
     ORDER BY ts, uid`,
  );
  for (const r of diag) {
    out.push({
      kind: 'diagnostic-settings-removed',
      severity: 'high',
      title: 'Entra diagnostic settings removed (log export stopped) (UNVERIFIED record name)',
      at: toIsoUtc(r.ts as Date | string),
      actor: r.actor,
      target: null,
      evidence: { table: r.tbl === 'audits' ? 'audits' : 'activities', uid: r.uid },
      verified: false,
    });
  }
  return out.sort((a, b) => (a.at ?? '').localeCompare(b.at ?? ''));
}
