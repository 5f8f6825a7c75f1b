import { md } from '../core/escape.js';
import { named, objectIds, objectName } from '../core/objects.js';
import type { Footprint, FootprintAction, FootprintIdentity, SigninGroup } from './footprint-model.js';
import { minuteUtc } from './incident-summary.js';

/** "2025-09-30 01:15" or a range, as the timeline writes it. */
export function actionWhen(a: { start: string; end: string }): string {
  const s = a.start.slice(0, 16).replace('T', ' ');
  const e = a.end.slice(0, 16).replace('T', ' ');
  return s === e ? s : `${s} – ${e}`;
}

/** The action as one sentence: "Octiga Cloud Security: Reset password (by admin) on k.toh@… (2 success)". */
export function actionText(a: FootprintAction): string {
  const target = a.target ? ` → ${a.target}` : '';
  const detail = a.detail ? ` [${a.detail}]` : '';
  return `${a.actor}: ${a.activity}${target}${detail} (${a.result})`;
}

/** The subject in words: "user j.tan@contoso-demo.com". */
export function subjectText(f: Footprint): string {
  const kind = f.subject.kind === 'user' ? 'account' : f.subject.kind === 'sp' ? 'service principal' : 'address';
  return `${kind} ${f.identities[0]?.name ?? f.subject.value}`;
}

/**
 * Sign-ins for display: every group from an attacker address, and the rest folded to one row per identity (a
 * month of an executive's ordinary sign-ins is hundreds of groups and says nothing about the attacker).
 */
export function displaySignins(f: Footprint): {
  attacker: SigninGroup[];
  other: { identity: string; count: number; addresses: number; clients: string[] }[];
} {
  const attacker = f.signins.filter((s) => s.attacker_ip);
  const other = new Map<string, { identity: string; count: number; ips: Set<string>; clients: Set<string> }>();
  for (const s of f.signins.filter((g) => !g.attacker_ip)) {
    const o = other.get(s.identity) ?? { identity: s.identity, count: 0, ips: new Set(), clients: new Set() };
    o.count += s.count;
    o.ips.add(s.ip);
    if (s.client_app) o.clients.add(s.client_app);
    other.set(s.identity, o);
  }
  return {
    attacker,
    other: [...other.values()]
      .map((o) => ({ identity: o.identity, count: o.count, addresses: o.ips.size, clients: [...o.clients].sort() }))
      .sort((a, b) => a.identity.localeCompare(b.identity)),
  };
}

/** A followed identity's ids: the object id, and a service principal's app id beside it. */
function identityIds(i: FootprintIdentity): string {
  if (i.id === null) return '';
  return i.app_id ? `${i.id}, app id ${i.app_id}` : i.id;
}

/** The footprint as Markdown: followed identities, actions in order, sign-ins by address, what was touched. */
export function footprintMarkdown(f: Footprint): string {
  const out: string[] = [];
  out.push(`## Footprint of ${md(subjectText(f))}`, '');
  out.push(
    `From ${f.since ? md(minuteUtc(f.since)) : 'the beginning of the data'}${f.since ? ' (the first alert naming it, or --since)' : ''}. Attacker addresses (named by alerts, or the address investigated): ${md(f.attacker_ips.join(', ') || 'none')}.`,
    '',
  );
  out.push(
    '### Followed identities',
    '',
    '| Identity | Id | Kind | Followed from (UTC) | Why | Record |',
    '|---|---|---|---|---|---|',
  );
  for (const i of f.identities) {
    out.push(
      `| ${md(i.name)} | ${md(identityIds(i))} | ${i.kind} | ${md(i.since ? actionWhen({ start: i.since, end: i.since }) : 'start of data')} | ${md(i.reason)} | ${md(i.via ?? '')} |`,
    );
  }
  out.push(
    '',
    '### Actions',
    '',
    'Attacker: yes when the records put the action on an attacker address, or on an identity the attacker holds acting with no address.',
    '',
    '| When (UTC) | Attacker | Category | Actor | Activity | Target | Detail | Address | Result | Evidence |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const a of f.actions) {
    const more = a.count > a.uids.length ? ` … (${a.count})` : '';
    out.push(
      `| ${md(actionWhen(a))} | ${a.attacker ? 'yes' : ''} | ${a.category} | ${md(a.actor)} | ${md(a.activity)} | ${md(a.target ?? '')} | ${md(a.detail ?? '')} | ${md(a.ip ?? '')} | ${md(a.result)} | ${md(a.table)}: ${md(a.uids.join(', '))}${more} |`,
    );
  }
  const s = displaySignins(f);
  out.push(
    '',
    '### Sign-ins from attacker addresses',
    '',
    '| Identity | Address | Country | Client app | Application | Outcome | Count | First (UTC) | Last (UTC) |',
    '|---|---|---|---|---|---|---|---|---|',
  );
  for (const g of s.attacker) {
    out.push(
      `| ${md(g.identity)} | ${md(g.ip)} | ${md(g.country ?? '')} | ${md(g.client_app ?? '')} | ${md(g.app ?? '')} | ${g.ok ? 'success' : 'failure'} | ${g.count} | ${md(actionWhen({ start: g.first, end: g.first }))} | ${md(actionWhen({ start: g.last, end: g.last }))} |`,
    );
  }
  if (s.other.length > 0) {
    out.push('', 'Other sign-ins of the followed identities (from addresses no alert names):', '');
    for (const o of s.other)
      out.push(
        `- ${md(o.identity)}: ${o.count} from ${o.addresses} address${o.addresses === 1 ? '' : 'es'} (${md(o.clients.join(', ') || 'no client app')})`,
      );
  }
  const t = f.touched;
  out.push('', '### Touched', '');
  out.push(`- Accounts: ${md(t.users.join(', ') || 'none')}`);
  out.push(`- Service principals: ${md(t.service_principals.join(', ') || 'none')}`);
  out.push(`- Applications and credentials: ${md(t.applications.join(', ') || 'none')}`);
  out.push(`- Roles: ${md(t.roles.join(', ') || 'none')}`);
  out.push(`- Groups: ${md(t.groups.join(', ') || 'none')}`);
  out.push('', '### Objects by id', '');
  for (const line of objectLines(f)) out.push(`- ${md(line)}`);
  if (objectLines(f).length === 0) out.push('- none named');
  return `${out.join('\n')}\n`;
}

/**
 * One line per object the footprint names (addresses aside: they are in every line above), by id:
 * "service principal Octiga Cloud Security: id …, app id …". Plain text; the caller escapes.
 */
export function objectLines(f: Pick<Footprint, 'objects'>): string[] {
  return named(f.objects).map((o) => {
    const ids = objectIds(o);
    return `${o.type.replace('_', ' ')} ${objectName(o)}${ids ? `: ${ids}` : ''}`;
  });
}

/** The footprint for a terminal: one line per action. */
export function footprintText(f: Footprint): string {
  const out = [`Footprint of ${subjectText(f)} from ${f.since ? minuteUtc(f.since) : 'the beginning of the data'}`, ''];
  out.push('Followed:');
  for (const i of f.identities)
    out.push(
      `  ${i.kind.padEnd(4)} ${i.name}${i.id && i.id !== i.name ? ` [id ${identityIds(i)}]` : ''}  (${i.reason}${i.since ? `, from ${minuteUtc(i.since)}` : ''})`,
    );
  out.push('', 'Actions:');
  if (f.actions.length === 0 && f.signins.length === 0)
    out.push(
      `  none recorded: no sign-in, directory change or mailbox operation in the workspace names ${f.subject.value} in this period`,
    );
  else if (f.actions.length === 0) out.push('  none recorded');
  for (const a of f.actions)
    out.push(`  ${actionWhen(a).padEnd(35)} ${a.attacker ? '!' : ' '} ${a.category.padEnd(21)} ${actionText(a)}`);
  // The sign-ins --json lists, in the terminal too: from attacker addresses one line per group, the rest folded.
  const signins = displaySignins(f);
  if (signins.attacker.length > 0) out.push('', 'Sign-ins from attacker addresses:');
  for (const g of signins.attacker)
    out.push(
      `  ${actionWhen({ start: g.first, end: g.last }).padEnd(35)} ${g.identity} from ${g.ip}${g.country ? ` (${g.country})` : ''}: ${g.count} ${g.ok ? 'successful' : 'failed'}${g.client_app ? ` over ${g.client_app}` : ''}${g.app ? ` to ${g.app}` : ''}`,
    );
  if (signins.other.length > 0)
    out.push('', 'Other sign-ins of the followed identities (from addresses no alert names):');
  for (const o of signins.other)
    out.push(
      `  ${o.identity}: ${o.count} from ${o.addresses} address${o.addresses === 1 ? '' : 'es'} (${o.clients.join(', ') || 'no client app'})`,
    );
  const objects = objectLines(f);
  if (objects.length > 0) out.push('', 'Objects by id:', ...objects.map((o) => `  ${o}`));
  out.push('', '! = from an attacker address, or by an identity the attacker holds acting with no address');
  out.push('', `Records: premortem show UID (uids in --json or --format md)`);
  return `${out.join('\n')}\n`;
}
