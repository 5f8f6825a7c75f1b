/** The containment trail as text: when, what, who approved, Graph's answer. Escaped by the caller. */
import type { TrailEntry } from './trail.js';

export function trailText(trail: readonly TrailEntry[]): string {
  if (trail.length === 0) return 'No containment actions recorded.\n';
  const lines = trail.map(
    (e) =>
      `${e.at}  ${e.step === 'undo' ? 'undo ' : ''}${e.outcome.padEnd(16)} ${e.action_id}  approved by ${e.approved_by}${
        e.proposed_by ? `, proposed by ${e.proposed_by}` : ''
      }${e.request ? `  ${e.request.method} ${e.request.path}` : ''}${e.status !== null ? ` -> ${e.status}` : ''}${
        e.request_id ? ` (request-id ${e.request_id})` : ''
      }${e.detail ? `  ${e.detail}` : ''}`,
  );
  return `${lines.join('\n')}\n`;
}
