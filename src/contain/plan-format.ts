/**
 * The plan as a person reads it in a terminal: each action with its targets by name and id, its reason, its
 * evidence and the exact Graph request with the permission it needs. Names and reasons quote records the attacker
 * chose: the CLI passes the whole text through the terminal escaper.
 */
import { objectName } from '../core/objects.js';
import type { ContainmentPlan } from './model.js';

/** Text of the dry run (or the header of an execution). */
export function planText(plan: ContainmentPlan, graphUrl = 'https://graph.microsoft.com'): string {
  const lines: string[] = [];
  lines.push(`Containment plan for ${plan.incident}: ${plan.title}`);
  lines.push(
    `${plan.actions.length} action(s); ids from configuration snapshot ${plan.snapshot ?? '(none: import or collect one)'}`,
  );
  plan.actions.forEach((a, i) => {
    lines.push('');
    lines.push(`${i + 1}. ${a.id}`);
    lines.push(
      `   targets: ${a.targets
        .map((o) =>
          o.type === 'ip' ? o.id : `${o.type} ${objectName(o)} (${o.id}${o.app_id ? `, app id ${o.app_id}` : ''})`,
        )
        .join('; ')}`,
    );
    lines.push(`   why: ${a.reason}`);
    if (a.evidence.length) lines.push(`   evidence: ${a.evidence.join(', ')}`);
    lines.push(`   ${a.request.method} ${graphUrl}${a.request.path}`);
    if (a.request.body) lines.push(`   body: ${JSON.stringify(a.request.body)}`);
    lines.push(
      `   permission: ${a.permission}${a.also_accepted.length ? ` (or ${a.also_accepted.join(', ')})` : ''}${a.undoable ? '; undoable' : ''}`,
    );
  });
  for (const m of plan.manual ?? []) {
    lines.push('', `by hand: ${m.id} (not sent by --execute)`);
    lines.push(`   why: ${m.reason}`);
    if (m.evidence.length) lines.push(`   evidence: ${m.evidence.join(', ')}`);
    lines.push(`   in ${m.where}:`, `   ${m.command}`, `   check: ${m.verify}`);
  }
  for (const n of plan.notes) lines.push('', `note: ${n}`);
  return `${lines.join('\n')}\n`;
}
