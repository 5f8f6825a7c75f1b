import { type AlertEntities, emptyEntities } from './alert.js';
import type { MatchRow } from './match-rows.js';

function add(list: string[], value: string | number | boolean | null | undefined): void {
  if (typeof value === 'string' && value.trim() !== '' && !list.includes(value)) list.push(value);
}

const is = (v: unknown, want: string): boolean => typeof v === 'string' && v.toLowerCase() === want.toLowerCase();

/**
 * Who and what an alert is about, from its evidence rows. Sign-ins: the account, the service principal, the
 * address and the application. Audits: the initiator (a user, or an app by name) and its address, and the
 * target when it is a user or a service principal.
 */
export function deriveEntities(rows: readonly MatchRow[]): AlertEntities {
  const e = emptyEntities();
  for (const { table, detail: d } of rows) {
    if (table === 'signins') {
      add(e.users, d.user_principal_name);
      add(e.service_principals, d.service_principal_name);
      add(e.ips, d.ip_address);
      add(e.apps, d.app_display_name);
    } else if (table === 'activities') {
      add(e.users, d.user_id);
      add(e.users, d.mailbox_owner_upn);
      add(e.ips, d.client_ip);
      add(e.apps, d.app_id);
    } else if (table === 'graph_activity') {
      add(e.ips, d.ip_address);
      add(e.apps, d.app_id);
    } else if (table === 'azure_activity') {
      // caller is a UPN for users, an object id for service principals and managed identities.
      if (typeof d.caller === 'string' && d.caller.includes('@')) add(e.users, d.caller);
      add(e.ips, d.caller_ip);
    } else if (table === 'risk_detections') {
      add(e.users, d.user_principal_name);
      add(e.ips, d.ip_address);
    } else if (table === 'audits') {
      add(e.users, d.initiator_upn);
      if (is(d.target_type, 'User')) add(e.users, d.target_upn);
      if (is(d.target_type, 'ServicePrincipal')) add(e.service_principals, d.target_display_name);
      if (is(d.initiator_type, 'app')) add(e.service_principals, d.initiator_display_name);
      add(e.ips, d.initiator_ip);
    }
  }
  for (const list of Object.values(e)) list.sort();
  return e;
}
