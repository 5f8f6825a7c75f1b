/**
 * Which exception covers a finding: one naming the finding's control (the check, or `ca-exclusion:<policy>` for
 * an excluded object) and its subject. A valid exception makes the finding accepted risk; an expired or
 * unapproved one is shown beside the finding, which stays a failure (DESIGN.md, "Exceptions").
 */
import { mergeObjects, type ObjectRef } from '../../core/objects.js';
import { type Evidence, type ExceptionMatch, type Finding, type Subject, subjectObject } from '../model.js';
import { type ExceptionEntry, endOf, exceptionState } from './schema.js';

const norm = (s: string) => s.trim().toLowerCase();

/** The subject names an entry lists for a subject's type. */
function namesFor(e: ExceptionEntry, type: Subject['type']): string[] {
  const s = e.subjects;
  switch (type) {
    case 'user':
      return [...s.users, ...s.other];
    case 'group':
      return [...s.groups, ...s.other];
    case 'servicePrincipal':
      return [...s.service_principals, ...s.apps, ...s.other];
    case 'application':
      return [...s.apps, ...s.other];
    default:
      return s.other;
  }
}

/** Whether an entry names the subject, by object id, display name or UPN (case-insensitive). */
export function namesSubject(e: ExceptionEntry, subject: Subject): boolean {
  const keys = [subject.id, subject.name, subject.upn].filter((k): k is string => !!k).map(norm);
  return namesFor(e, subject.type).some((n) => keys.includes(norm(n)));
}

/** Applies the register to one check's findings. */
/** Every object a finding names, by id: its subject, its policy and its own objects. */
export function findingObjects(f: Finding): ObjectRef[] {
  return mergeObjects(
    f.subject ? [subjectObject(f.subject)] : [],
    f.policy ? [{ type: 'policy', id: f.policy.id, name: f.policy.displayName }] : [],
    f.objects ?? [],
  );
}

export function applyExceptions(
  checkId: string,
  findings: readonly Finding[],
  register: readonly ExceptionEntry[],
  now: Date,
): Evidence[] {
  return findings.map((f) => {
    const base = {
      message: f.message,
      ...(f.subject ? { subject: f.subject } : {}),
      ...(f.policy ? { policy: f.policy } : {}),
      objects: findingObjects(f),
    };
    if (!f.subject) return { ...base, accepted: false };
    const controls = f.controls ?? [checkId];
    const candidates = register.filter((e) => controls.includes(e.control) && namesSubject(e, f.subject as Subject));
    const matches: ExceptionMatch[] = candidates.map((e) => ({
      id: e.id,
      state: exceptionState(e, now),
      expires: endOf(e.expires),
    }));
    const valid = matches.find((m) => m.state === 'valid');
    if (valid) return { ...base, exception: valid, accepted: true };
    const stale = matches[0];
    if (stale) {
      const why =
        stale.state === 'expired'
          ? `expired ${stale.expires}`
          : stale.state === 'not-started'
            ? 'not in force yet: created in the future'
            : 'never approved';
      return { ...base, message: `${f.message} (exception ${stale.id} ${why})`, exception: stale, accepted: false };
    }
    return { ...base, accepted: false };
  });
}
