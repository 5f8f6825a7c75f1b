/** Directory objects by id beside their display names (core/objects.ts), as a table; names are attacker-chosen text. */
import type { ObjectRef } from '../../core/objects.js';
import { html, type Safe } from '../html.js';

/** One row per distinct object (type and id), in the order first named. */
export function objectsTable(objects: readonly ObjectRef[]): Safe {
  const seen = new Map<string, ObjectRef>();
  for (const o of objects) if (!seen.has(`${o.type}:${o.id}`)) seen.set(`${o.type}:${o.id}`, o);
  if (seen.size === 0) return html`<p class="muted">The records name no object ids.</p>`;
  return html`<table class="object-ids"><thead><tr><th>Type</th><th>Object id</th><th>Name</th><th>App id / key id / UPN</th></tr></thead><tbody>
${[...seen.values()].map(
  (o) =>
    html`<tr><td>${o.type}</td><td><code>${o.id}</code></td><td>${o.name ?? ''}</td><td><code>${[o.app_id, o.key_id, o.upn].filter(Boolean).join(' ')}</code></td></tr>`,
)}</tbody></table>`;
}
