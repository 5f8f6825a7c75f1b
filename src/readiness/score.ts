/**
 * One number for the three answers, made of parts a reader can check (each with its points and why):
 * - know (40): the share of catalogue techniques covered by a rule that can see them;
 * - look back (25): per event source, held and not stopped, scaled by horizon up to 90 days, halved with gaps;
 * - keys (20): the share of credentials with no hygiene issue (0 without a snapshot: unknown is not safe);
 * - integrity (15): minus 5 per tampering finding or stopped source, floor 0.
 * The weights are ours: the issue asks how we know first, then how far back, then hygiene.
 */
import type { ReadinessMeasures } from './report.js';
import { SCORED_SOURCES } from './sources.js';

/** One part of the score. */
export interface ScorePart {
  readonly name: 'know' | 'look-back' | 'keys' | 'integrity';
  readonly points: number;
  readonly max: number;
  readonly why: string;
}

/** The score and its parts. */
export interface ReadinessScore {
  readonly score: number;
  readonly parts: readonly ScorePart[];
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/** Scores measured readiness out of 100. */
export function readinessScore(m: ReadinessMeasures): ReadinessScore {
  const techniques = m.howDoWeKnow.techniques;
  const covered = m.howDoWeKnow.counts.covered;
  const know = techniques.length === 0 ? 0 : (40 * covered) / techniques.length;

  const perSource = 25 / SCORED_SOURCES.length;
  let lookBack = 0;
  for (const def of SCORED_SOURCES) {
    const lb = m.howFarBack.sources.find((s) => s.source === def.id);
    if (!lb || lb.count === 0 || m.blindSpots.stopped.some((s) => s.source === def.id)) continue;
    const depth = Math.min(1, (lb.horizonDays ?? 0) / 90);
    const gapped = m.howFarBack.gaps.some((g) => g.source === def.id);
    lookBack += perSource * depth * (gapped ? 0.5 : 1);
  }
  const total = m.credentials.counts?.total ?? 0;
  const clean = m.credentials.all.filter((c) => c.issues.length === 0).length;
  const keys = m.credentials.counts === null ? 0 : total === 0 ? 20 : (20 * clean) / total;
  const problems = m.blindSpots.tampering.length + m.blindSpots.stopped.length;
  const integrity = Math.max(0, 15 - 5 * problems);
  const parts: ScorePart[] = [
    { name: 'know', points: r1(know), max: 40, why: `${covered} of ${techniques.length} techniques covered and seen` },
    {
      name: 'look-back',
      points: r1(lookBack),
      max: 25,
      why: `${m.howDoWeKnow.sent.filter((s) => SCORED_SOURCES.some((d) => d.id === s)).length} of ${SCORED_SOURCES.length} event sources arriving; depth up to 90 days; halved with gaps`,
    },
    {
      name: 'keys',
      points: r1(keys),
      max: 20,
      why:
        m.credentials.counts === null
          ? 'no snapshot of applications and service principals'
          : `${clean} of ${total} credentials without an issue`,
    },
    { name: 'integrity', points: r1(integrity), max: 15, why: `${problems} tampering findings or stopped sources` },
  ];
  return { score: Math.round(parts.reduce((a, p) => a + p.points, 0)), parts };
}
