/**
 * Computed views (incidents, reports, posture, readiness) are remembered until the workspace changes. Building
 * them reads the whole store (the incident grouping, a report's footprints, readiness' extents take from 0.1 to
 * several seconds on the demo tenant), but the data changes only when something is imported, collected, detected
 * or decided, and every such change in a served workspace goes through the server (viewFingerprint). Pages render
 * from the cached data per request, so each user still sees their own page.
 */
import { statSync } from 'node:fs';
import { registerPath } from '../posture/exceptions/register.js';
import type { Workspace } from '../store/workspace.js';

const MAX_ENTRIES = 256;

/**
 * What a view depends on: the server's change generation (bumped after every change it makes or collects: this
 * process owns the workspace, DuckDB lets no other write it), the exceptions register's modification time (a file
 * someone may edit beside the server) and the minute (views that judge "the last 24 hours" or expiries move with
 * the clock).
 */
export function viewFingerprint(ws: Workspace, generation: number, now: Date): string {
  let register = 0;
  try {
    register = statSync(registerPath(ws.dir)).mtimeMs;
  } catch {
    // No register yet.
  }
  return `${generation}/${register}/${Math.floor(now.getTime() / 60_000)}`;
}

export class ViewCache {
  private readonly entries = new Map<string, { fingerprint: string; value: unknown }>();

  /** The value for `key` computed at this fingerprint, or `load()` (remembered). */
  async get<T>(key: string, fingerprint: string, load: () => Promise<T>): Promise<T> {
    const hit = this.entries.get(key);
    if (hit && hit.fingerprint === fingerprint) return hit.value as T;
    const value = await load();
    this.entries.delete(key);
    this.entries.set(key, { fingerprint, value });
    if (this.entries.size > MAX_ENTRIES) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    return value;
  }
}
