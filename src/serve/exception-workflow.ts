/**
 * The exception workflow on top of the register (posture/exceptions): a request is an entry without an approver
 * (posture treats it as unapproved, i.e. not in force); approval by a different person than the requester (four
 * eyes) sets the approver, and the entry is in force until it expires. The register stays `exceptions.yaml` in the
 * workspace, written by the register module (validated, atomic); who requested each entry is kept in the
 * workspace, and every step is in the audit trail with the entry before and after.
 */
import { PremortemError } from '../core/errors.js';
import {
  addException,
  expireException,
  readRegister,
  registerPath,
  writeRegister,
} from '../posture/exceptions/register.js';
import { type ExceptionEntry, endOf, exceptionState } from '../posture/exceptions/schema.js';
import type { Workspace } from '../store/workspace.js';
import { recordChange } from './audit-trail.js';

/** Expiring within this many days: listed as a reminder on the exceptions page and the overview. */
export const REMINDER_DAYS = 14;

export type WorkflowState = 'requested' | 'not-started' | 'active' | 'expiring' | 'expired';

export interface ExceptionView {
  entry: ExceptionEntry;
  state: WorkflowState;
  requestedBy: string | null;
}

export interface ExceptionRequest {
  control: string;
  subjectKind: 'users' | 'groups' | 'service_principals' | 'apps' | 'other';
  subjects: string[];
  reason: string;
  owner: string;
  compensatingControls: string[];
  days: number;
}

const SUBJECT_KINDS = ['users', 'groups', 'service_principals', 'apps', 'other'] as const;

export function isSubjectKind(v: string): v is ExceptionRequest['subjectKind'] {
  return (SUBJECT_KINDS as readonly string[]).includes(v);
}

async function requesters(ws: Workspace): Promise<Map<string, string>> {
  const rows = await ws.all<{ exception_id: string; requested_by: string }>(
    'SELECT exception_id, requested_by FROM exception_requests',
  );
  return new Map(rows.map((r) => [r.exception_id, r.requested_by]));
}

export async function listExceptions(ws: Workspace, now: Date): Promise<ExceptionView[]> {
  const by = await requesters(ws);
  return readRegister(registerPath(ws.dir)).map((entry) => {
    const s = exceptionState(entry, now);
    const soon = Date.parse(endOf(entry.expires)) - now.getTime() < REMINDER_DAYS * 86_400_000;
    const state: WorkflowState =
      s === 'unapproved'
        ? 'requested'
        : s === 'expired'
          ? 'expired'
          : s === 'not-started'
            ? 'not-started'
            : soon
              ? 'expiring'
              : 'active';
    return { entry, state, requestedBy: by.get(entry.id) ?? null };
  });
}

export async function requestException(
  ws: Workspace,
  actor: string,
  input: ExceptionRequest,
  now: Date,
): Promise<ExceptionEntry> {
  const subjects = {
    users: [],
    groups: [],
    service_principals: [],
    apps: [],
    other: [],
    [input.subjectKind]: input.subjects,
  };
  const entry = addException(registerPath(ws.dir), {
    control: input.control,
    subjects,
    reason: input.reason,
    owner: input.owner,
    compensating_controls: input.compensatingControls,
    days: input.days,
    now,
  });
  await ws.run('INSERT INTO exception_requests (exception_id, requested_by, requested_at) VALUES ($1, $2, now())', [
    entry.id,
    actor,
  ]);
  await recordChange(ws, {
    actor,
    action: 'exception.request',
    target: `exception:${entry.id}`,
    before: null,
    after: entry,
  });
  return entry;
}

function find(entries: readonly ExceptionEntry[], id: string): ExceptionEntry {
  const e = entries.find((x) => x.id === id);
  if (!e) throw new PremortemError('usage', `no exception ${id} in the register`);
  return e;
}

/** Approves a requested exception; refused to the requester (and, for entries made outside serve, to the owner). */
export async function approveException(ws: Workspace, actor: string, id: string): Promise<ExceptionEntry> {
  const file = registerPath(ws.dir);
  const entries = readRegister(file);
  const before = find(entries, id);
  if (before.approver) throw new PremortemError('usage', `${id} is already approved by ${before.approver}`);
  const requester = (await requesters(ws)).get(id) ?? before.owner;
  if (requester === actor)
    throw new PremortemError(
      'usage',
      `${actor} requested ${id} and cannot approve it: a different person must (four eyes)`,
    );
  const after: ExceptionEntry = { ...before, approver: actor };
  writeRegister(
    file,
    entries.map((e) => (e.id === id ? after : e)),
  );
  await recordChange(ws, { actor, action: 'exception.approve', target: `exception:${id}`, before, after });
  return after;
}

/** Ends an exception now; the entry stays in the register as history. */
export async function endException(ws: Workspace, actor: string, id: string, now: Date): Promise<ExceptionEntry> {
  const file = registerPath(ws.dir);
  const before = find(readRegister(file), id);
  const after = expireException(file, id, now);
  await recordChange(ws, { actor, action: 'exception.expire', target: `exception:${id}`, before, after });
  return after;
}
