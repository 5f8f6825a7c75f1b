/**
 * The readiness report: the premortem questions answered for one workspace at an injected `now`. Assembles the
 * measurements of the other files of this folder; `premortem readiness` prints it (format.ts) or its JSON.
 */
import { builtinRulesDir } from '../rules/content.js';
import { loadRulePack } from '../rules/rule-pack.js';
import type { Workspace } from '../store/workspace.js';
import { type Action, topActions } from './actions.js';
import { type CheckpointLag, checkpointLags, DEFAULT_LAG_LIMIT_MS } from './checkpoint-lag.js';
import { type CoverageState, coverageCounts, coverageMatrix, type TechniqueCoverage } from './coverage.js';
import { type CredentialRow, credentialCounts, credentialHygiene } from './credentials.js';
import { allExtents } from './extent.js';
import { type FederationCert, federationCerts } from './federation.js';
import { type Gap, type Stopped, sourceGaps } from './gaps.js';
import { type Licences, licencesFrom } from './licences.js';
import { privilegedPrincipals } from './privileged.js';
import { type Lookback, lookback } from './retention.js';
import { profileRules, type RuleSkip } from './rule-sources.js';
import { type ReadinessScore, readinessScore } from './score.js';
import { readSnapshotInputs } from './snapshot-inputs.js';
import { SOURCES, type SourceId } from './sources.js';
import { type TamperingFinding, tamperingFindings } from './tampering.js';
import { builtinTechniquesDir, loadTechniques } from './techniques.js';
import { type DetectionMeasurement, type ScenarioTime, timeToDetect } from './time-to-detect.js';

/** What to measure against. */
export interface ReadinessOptions {
  /** The instant the answers are for (ms); tests pin it. */
  readonly now: number;
  readonly rules?: readonly string[];
  readonly pipelinesDir?: string;
  readonly techniquesDir?: string;
  /** The watch poll interval the time-to-detect figures assume (default 30 s, watch's default). */
  readonly watchIntervalMs?: number;
  readonly measurements?: readonly DetectionMeasurement[];
  readonly lagLimitMs?: number;
}

/** The three answers and what to do. */
export interface ReadinessReport {
  readonly now: string;
  readonly licences: Licences;
  readonly howFarBack: {
    readonly sources: readonly Lookback[];
    readonly gaps: readonly Gap[];
    readonly checkpoints: readonly CheckpointLag[];
  };
  readonly howDoWeKnow: {
    readonly sent: readonly SourceId[];
    readonly counts: Record<CoverageState, number>;
    readonly rules: number;
    readonly rulesSkipped: readonly RuleSkip[];
    readonly techniques: readonly TechniqueCoverage[];
  };
  readonly howFast: { readonly watchIntervalS: number; readonly scenarios: readonly ScenarioTime[] };
  readonly credentials: {
    readonly snapshot: string | null;
    readonly counts: ReturnType<typeof credentialCounts> | null;
    readonly rotateFirst: readonly CredentialRow[];
    readonly all: readonly CredentialRow[];
    readonly federation: readonly FederationCert[];
    /**
     * Where last use came from: the snapshot whose appCredentialSignInActivities was read, or null (last use unknown:
     * the report needs Entra ID P1 and was not in the snapshot).
     */
    readonly lastUse: { readonly source: 'appCredentialSignInActivities'; readonly snapshot: string } | null;
  };
  readonly blindSpots: { readonly stopped: readonly Stopped[]; readonly tampering: readonly TamperingFinding[] };
  readonly score: ReadinessScore;
  readonly actions: readonly Action[];
}

/** Measures the workspace and answers the premortem questions. */
export async function assessReadiness(ws: Workspace, o: ReadinessOptions): Promise<ReadinessReport> {
  const now = o.now;
  const extents = await allExtents(ws);
  const snap = await readSnapshotInputs(ws);
  const licences = licencesFrom(
    snap.subscribedSkus,
    snap.subscribedSkus === undefined ? undefined : snap.ref?.snapshotId,
  );

  const lookbacks: Lookback[] = [];
  const gaps: Gap[] = [];
  const stopped: Stopped[] = [];
  const sent: SourceId[] = [];
  for (const def of SOURCES) {
    const ext = extents.find((e) => e.source === def.id);
    if (!ext) continue;
    lookbacks.push(lookback(def, ext, licences, now));
    const g = await sourceGaps(ws, def, ext.earliest, ext.latest, now);
    gaps.push(...g.gaps);
    if (g.stopped) stopped.push(g.stopped);
    if (ext.count > 0 && !g.stopped) sent.push(def.id);
  }
  const checkpoints = await checkpointLags(ws, now, o.lagLimitMs ?? DEFAULT_LAG_LIMIT_MS);

  const pack = loadRulePack(
    o.rules ?? [builtinRulesDir()],
    o.pipelinesDir === undefined ? {} : { pipelinesDir: o.pipelinesDir },
  );
  const profiled = profileRules(pack.ruleSet, pack.pipelines);
  const { profiles } = profiled;
  // Rules that failed to load cover nothing: they are listed with the reason, never dropped silently.
  const skipped: RuleSkip[] = [
    ...pack.errors.map((e) => ({ id: e.source.rule ?? (e.where() || 'rule'), reason: e.message })),
    ...profiled.skipped,
  ];
  const techniques = loadTechniques(o.techniquesDir ?? builtinTechniquesDir());
  const matrix = coverageMatrix(techniques, profiles, new Set(sent));

  const intervalMs = o.watchIntervalMs ?? 30_000;
  const scenarios = timeToDetect(matrix, intervalMs, o.measurements ?? []);

  const privileged = privilegedPrincipals({
    servicePrincipals: snap.servicePrincipals ?? [],
    roleDefinitions: snap.roleDefinitions,
    roleAssignments: snap.roleAssignments,
    appRoleAssignments: snap.appRoleAssignments,
  });
  const haveCreds = snap.applications !== undefined || snap.servicePrincipals !== undefined;
  const creds = haveCreds
    ? credentialHygiene(
        {
          applications: snap.applications ?? [],
          servicePrincipals: snap.servicePrincipals ?? [],
          privileged,
          tenantId: snap.tenantId,
          signInActivities: snap.appCredentialSignInActivities,
        },
        now,
      )
    : [];
  const lastUse =
    haveCreds && snap.appCredentialSignInActivities !== undefined && snap.ref !== undefined
      ? { source: 'appCredentialSignInActivities' as const, snapshot: snap.ref.snapshotId }
      : null;
  const federation = federationCerts(snap.federationConfigurations, now);
  const tampering = await tamperingFindings(ws);

  const base = {
    now: new Date(now).toISOString(),
    licences,
    howFarBack: { sources: lookbacks, gaps, checkpoints },
    howDoWeKnow: {
      sent,
      counts: coverageCounts(matrix),
      rules: profiles.length,
      rulesSkipped: skipped,
      techniques: matrix,
    },
    howFast: { watchIntervalS: intervalMs / 1000, scenarios },
    credentials: {
      snapshot: haveCreds ? (snap.ref?.snapshotId ?? null) : null,
      counts: haveCreds ? credentialCounts(creds) : null,
      rotateFirst: creds.filter((c) => c.issues.length > 0).slice(0, 10),
      all: creds,
      federation,
      lastUse,
    },
    blindSpots: { stopped, tampering },
  };
  return { ...base, score: readinessScore(base), actions: topActions(base, now) };
}

/** The report without its score and actions: what score.ts and actions.ts read. */
export type ReadinessMeasures = Omit<ReadinessReport, 'score' | 'actions'>;
