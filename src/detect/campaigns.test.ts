import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importPaths } from '../ingest/import-files.js';
import { builtinPipelinesDir, builtinRulesDir } from '../rules/content.js';
import { loadRules } from '../rules/loader.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import {
  buildTenantForSeed,
  generateVariant,
  SIGNINS_COLLECTION,
  toGraphPages,
  VICTIMS,
  variantUsers,
} from '../simulate/index.js';
import { FORGED_APP_ID, THIEF_NET } from '../simulate/scenarios/token-theft/attacker.js';
import { forgedReads, ownerReads } from '../simulate/scenarios/token-theft/mail-access.js';
import { mailboxOf } from '../simulate/ual-factory.js';
import { writeUalBlobs } from '../simulate/ual-writer.js';
import { Workspace } from '../store/workspace.js';
import { CAMPAIGN_FAMILIES } from './campaigns.js';
import { runIncremental } from './incremental.js';
import { listAlerts } from './list-alerts.js';

const loaded = loadRules(builtinRulesDir());
const env = { ruleSet: loaded.rules, pipelines: new PipelineSet(loadPipelines(builtinPipelinesDir())) };
const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('campaigns', () => {
  it('name built-in rules by their ids', () => {
    const byId = new Map(loaded.rules.rules.map((r) => [r.meta.id, r.meta.name]));
    expect(CAMPAIGN_FAMILIES.map((f) => Object.keys(f.rules).map((id) => byId.get(id)))).toEqual([
      ['password-spray', 'password-spray-asn', 'password-spray-legacy'],
      ['brute-force-account', 'brute-force-account-distributed'],
      ['mail-items-accessed-unusual-app'],
      ['graph-token-without-sign-in'],
      ['eas-new-device'],
    ]);
  });

  it('fold a spray seen per address, per network and over legacy protocols into one alert that grows in place', async () => {
    const work = await mkdtemp(join(tmpdir(), 'premortem-campaign-'));
    dirs.push(work);
    const { tenant, rng } = buildTenantForSeed(3);
    const users = variantUsers(tenant, 0, VICTIMS);
    const spec = {
      kind: 'spray',
      ratePerHour: 60,
      addresses: 3,
      networks: 1,
      durationHours: 2,
      legacy: true,
      ipv6: false,
    } as const;
    const start = Date.UTC(2025, 8, 10);
    const write = async (name: string, at: number) => {
      const dir = join(work, name);
      await mkdir(dir);
      const signIns = generateVariant(tenant, rng.fork(name), spec, at, users).signIns;
      const [page] = toGraphPages(signIns, SIGNINS_COLLECTION);
      await writeFile(join(dir, 'page-0001.json'), JSON.stringify(page));
      return dir;
    };
    const ws = await Workspace.open(join(work, 'ws'));
    try {
      await importPaths(ws, [await write('day1', start)]);
      const first = await runIncremental(ws, loaded.rules.alerting(), env, { now: new Date(start + 86_400_000) });
      const sprays = first.new.filter((a) => a.rule_id.startsWith('campaign:'));
      expect(first.new.map((a) => a.rule_id)).toEqual(['campaign:password-spray']);
      const campaign = sprays[0];
      expect(campaign?.summary).toMatch(
        /seen per address \(3 alerts\), per network \(ASN\) \(1 alert\), over legacy protocols \(3 alerts\)/,
      );
      expect(campaign?.entities.ips).toHaveLength(3);
      // The views are kept, folded: seven member alerts behind the one campaign.
      expect((await listAlerts(ws)).map((a) => a.id)).toEqual([campaign?.id]);
      expect((await listAlerts(ws, undefined, { members: true })).length).toBe(8);

      // Two days later the same addresses spray again: the same alert, updated in place, nothing new.
      await importPaths(ws, [await write('day3', start + 2 * 86_400_000)]);
      const second = await runIncremental(ws, loaded.rules.alerting(), env, { now: new Date(start + 3 * 86_400_000) });
      expect(second.new).toEqual([]);
      expect(second.updated.map((a) => a.id)).toEqual([campaign?.id]);
      expect(second.updated[0]?.event_count).toBe(2 * (campaign?.event_count ?? 0));
      expect((await listAlerts(ws)).map((a) => a.id)).toEqual([campaign?.id]);
    } finally {
      ws.close();
    }
  }, 900_000);

  it('fold the reads of one unusual application into one collection campaign naming every mailbox, the owners’ reads left out', async () => {
    const work = await mkdtemp(join(tmpdir(), 'premortem-campaign-mail-'));
    dirs.push(work);
    const { tenant, rng } = buildTenantForSeed(1);
    const users = tenant.users.filter((u) => u.createdAt === null).slice(0, 2);
    const mailboxes = users.map((u) => mailboxOf(tenant, u));
    const forged = forgedReads(tenant, rng.fork('forged'), mailboxes, Date.UTC(2025, 8, 16, 8));
    const owners = ownerReads(tenant, rng.fork('owners'), mailboxes).slice(0, 20);
    await writeUalBlobs(join(work, 'tenant'), [...forged, ...owners], []);
    const ws = await Workspace.open(join(work, 'ws'));
    try {
      await importPaths(ws, [join(work, 'tenant')]);
      const mailRule = ['9e1a3c57-4f6b-4d8c-8e0a-1b2c3d4e5f40'];
      const run = await runIncremental(
        ws,
        loaded.rules.alerting().filter((r) => mailRule.includes(r.meta.id ?? '')),
        env,
        { now: new Date(Date.UTC(2025, 9, 1)) },
      );
      expect(run.new.map((a) => a.rule_id)).toEqual(['campaign:mailbox-collection']);
      const [campaign] = run.new;
      expect(new Set(campaign?.evidence.map((e) => e.source_id))).toEqual(new Set(forged.map((r) => r.Id)));
      expect(campaign?.entities.apps).toEqual([FORGED_APP_ID]);
      expect(campaign?.entities.ips).toEqual([THIEF_NET.ip]);
      expect(campaign?.summary).toContain(
        `${forged.length} records (${forged.length} MailItemsAccessed) naming 2 accounts (`,
      );
      expect(campaign?.summary).toMatch(
        new RegExp(`seen mail read by an unusual application \\(${forged.length} alerts\\)$`),
      );
      expect((await listAlerts(ws)).map((a) => a.id)).toEqual([campaign?.id]);
      expect((await listAlerts(ws, undefined, { members: true })).length).toBe(forged.length + 1);
    } finally {
      ws.close();
    }
  }, 900_000);
});
