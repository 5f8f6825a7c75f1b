/**
 * The exceptions register's file format (`exceptions.yaml` in the workspace, reviewable in git): DESIGN.md
 * "Exceptions". An exception names one control (a baseline check, or one Conditional Access policy's exclusions),
 * the subjects it covers, why, who owns it, who approved it, when it ends (90 days at most unless `max_days` says
 * otherwise) and the compensating controls that make the risk acceptable. Seed 000's lesson is the last field: an
 * exception without compensating controls is how an executive's complaint became a tenant-wide rollback.
 */
import { z } from 'zod';

/** The cap on an exception's life when the entry does not state `max_days` (DESIGN.md: 90 days at most). */
export const DEFAULT_MAX_DAYS = 90;

/**
 * The ceiling on max_days itself: without one, `max_days: 9999999` made the 90-day cap a formality. A year is the
 * longest review cycle the baselines we follow allow for an accepted risk; longer needs a change here, reviewed.
 */
export const MAX_DAYS_CEILING = 365;

const DAY_MS = 86_400_000;

/** A calendar date (2025-09-10) or a UTC instant (2025-09-10T08:00:00Z). */
const dateText = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z)?$/,
    'use a date like 2025-09-10 or a UTC time like 2025-09-10T08:00:00Z',
  )
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date');

/** `ca-exclusion:<policy id>` or a check id. */
const controlText = z
  .string()
  .regex(/^(PM-\d{3}(-[a-z]+)?|ca-exclusion:[0-9a-fA-F-]{36})$/, 'use a check id (PM-001) or ca-exclusion:<policy id>');

const nameList = z.array(z.string().min(1)).optional().default([]);

/** One entry of the register. */
export const exceptionSchema = z
  .object({
    id: z.string().regex(/^EXC-\d{3,}$/, 'ids look like EXC-001'),
    control: controlText,
    subjects: z
      .object({ users: nameList, groups: nameList, service_principals: nameList, apps: nameList, other: nameList })
      .strict()
      .refine(
        (s) => s.users.length + s.groups.length + s.service_principals.length + s.apps.length + s.other.length > 0,
        'name at least one subject: an exception covers named identities, never a whole control',
      ),
    reason: z.string().min(10, 'say why, in a sentence'),
    owner: z.string().min(1),
    approver: z.string().min(1).optional(),
    created: dateText,
    expires: dateText,
    max_days: z
      .number()
      .int()
      .positive()
      .max(MAX_DAYS_CEILING, `max_days is at most ${MAX_DAYS_CEILING}: an exception is reviewed at least yearly`)
      .optional(),
    compensating_controls: z
      .array(z.string().min(1))
      .min(1, 'an exception needs at least one compensating control (e.g. "alert on every sign-in")'),
    /** Addresses (CIDR) the subjects may sign in from: a sign-in from anywhere else raises an alert. */
    allowed_ips: z.array(z.string().regex(/^[0-9a-fA-F:.]+(\/\d{1,3})?$/, 'use an address or CIDR range')).optional(),
  })
  .strict()
  .superRefine((e, ctx) => {
    const days = (Date.parse(e.expires) - Date.parse(e.created)) / DAY_MS;
    if (days < 0)
      ctx.addIssue({
        code: 'custom',
        path: ['expires'],
        message: `expires (${e.expires}) is before created (${e.created})`,
      });
    const cap = e.max_days ?? DEFAULT_MAX_DAYS;
    if (days > cap)
      ctx.addIssue({
        code: 'custom',
        path: ['expires'],
        message: `lasts ${Math.ceil(days)} days, more than ${cap}${e.max_days ? ' (max_days)' : ' (the default cap; state max_days to allow longer)'}`,
      });
  });

/** An entry as read. */
export type ExceptionEntry = z.infer<typeof exceptionSchema>;

/** The whole file. Ids are unique. */
export const registerSchema = z
  .object({ exceptions: z.array(exceptionSchema).default([]) })
  .strict()
  .superRefine((r, ctx) => {
    const seen = new Set<string>();
    r.exceptions.forEach((e, i) => {
      if (seen.has(e.id))
        ctx.addIssue({ code: 'custom', path: ['exceptions', i, 'id'], message: `duplicate id ${e.id}` });
      seen.add(e.id);
    });
  });

/** Where an exception stands at a given time. */
export type ExceptionState = 'valid' | 'expired' | 'unapproved' | 'not-started';

/**
 * Unapproved wins over expired: an exception nobody approved was never valid. One created after now is not in
 * force yet: `created: 2099-01-01, expires: 2099-03-31` must not excuse anything today.
 */
export function exceptionState(e: ExceptionEntry, now: Date): ExceptionState {
  if (!e.approver) return 'unapproved';
  if (Date.parse(e.created) > now.getTime()) return 'not-started';
  return Date.parse(endOf(e.expires)) < now.getTime() ? 'expired' : 'valid';
}

/** A date-only expiry lasts to the end of that day (UTC). */
export function endOf(text: string): string {
  return text.length === 10 ? `${text}T23:59:59Z` : text;
}
