/**
 * Alerts on identities an exception covers say so: the exception (exceptions.yaml) whose subjects include every
 * identity the alert names, and the compensating detections generated for it (posture/compensating.ts), so the
 * reader sees both that the gap is accepted risk and what is watching it instead.
 */
import type { Alert } from '../detect/alert.js';
import { compensatingRules } from '../posture/compensating.js';
import { readRegister, registerPath } from '../posture/exceptions/register.js';
import type { ExceptionEntry } from '../posture/exceptions/schema.js';
import type { Workspace } from '../store/workspace.js';
import { exceptionFor } from './notify-context.js';

/** The alerts, each covered one with its exception and compensating detections. */
export function withExceptions(alerts: readonly Alert[], register: readonly ExceptionEntry[], now: Date): Alert[] {
  if (register.length === 0) return [...alerts];
  const rules = compensatingRules(register, now);
  return alerts.map((a) => {
    const e = exceptionFor(a, register, now);
    if (!e) return a;
    return {
      ...a,
      exception: {
        id: e.id,
        control: e.control,
        expires: e.expires,
        compensating_controls: [...e.compensating_controls],
        compensating_rules: rules
          .filter((r) => r.exceptionId === e.id)
          .map((r) => ({ id: String(r.documents[0]?.id ?? ''), title: String(r.documents[0]?.title ?? r.file) })),
      },
    };
  });
}

/**
 * withExceptions with the workspace's register; an unreadable register marks nothing (the alerts are shown as
 * they are, and `warn` hears why).
 */
export function withWorkspaceExceptions(
  ws: Workspace,
  alerts: readonly Alert[],
  now: Date,
  warn: (text: string) => void,
): Alert[] {
  try {
    return withExceptions(alerts, readRegister(registerPath(ws.dir)), now);
  } catch (err) {
    warn(
      `exceptions.yaml cannot be read, no alert is marked as excepted: ${err instanceof Error ? err.message : String(err)}`,
    );
    return [...alerts];
  }
}
