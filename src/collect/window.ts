/**
 * Which time ranges a pass reads for one endpoint, from its checkpoint. Ranges are read oldest first; inside a
 * range Graph pages newest first, which is why a range can be left half-read (see checkpoints.ts) and why resuming
 * it reads only from its start to the oldest event stored. Every range starts `overlap` before the last one ended:
 * sign-ins can appear minutes after their createdDateTime (reference/retention_and_2023_changes.md), and what the
 * overlap reads twice the store drops as duplicates.
 * The end of a range is this machine's clock: it must be in step with Microsoft's to well within the overlap (NTP).
 */
import type { Checkpoint } from './checkpoints.js';

export interface TimeRange {
  readonly from: number;
  readonly to: number;
  /** A resumed range: when it is finished, the checkpoint is covered up to here (the original range's end). */
  readonly completes?: number;
}

export interface WindowOptions {
  readonly now: number;
  /** First pass, or --since given: how far back to read (ms). */
  readonly sinceMs: number;
  /** --since was given explicitly: read back that far even when the checkpoint starts later. */
  readonly sinceExplicit: boolean;
  readonly overlapMs: number;
  /** Longest range asked for at once (Microsoft advises narrow createdDateTime windows against throttling). */
  readonly sliceMs: number;
}

/** The ranges to read, oldest first. */
export function planRanges(cp: Checkpoint, o: WindowOptions): TimeRange[] {
  const ranges: TimeRange[] = [];
  let base = cp.coveredUntil;
  if (cp.pendingFrom !== undefined && cp.pendingUntil !== undefined) {
    const to = Math.min(cp.pendingOldest ?? cp.pendingUntil, cp.pendingUntil);
    ranges.push({ from: cp.pendingFrom, to, completes: cp.pendingUntil });
    base = cp.pendingUntil;
  }
  let start = base === undefined ? o.now - o.sinceMs : base - o.overlapMs;
  const wanted = o.now - o.sinceMs;
  if (o.sinceExplicit && (cp.coveredFrom === undefined || wanted < cp.coveredFrom) && wanted < start) start = wanted;
  if (start > o.now) start = o.now;
  const slice = Math.max(1, o.sliceMs);
  for (let from = start; ; from += slice) {
    const to = Math.min(o.now, from + slice);
    ranges.push({ from, to });
    if (to >= o.now) break;
  }
  return ranges;
}
