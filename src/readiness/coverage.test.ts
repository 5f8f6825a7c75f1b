import { describe, expect, it } from 'vitest';
import { builtinPipelinesDir } from '../rules/content.js';
import { loadRulesFromText } from '../rules/loader.js';
import { loadPipelines, PipelineSet } from '../rules/pipeline.js';
import { coverageMatrix } from './coverage.js';
import { profileRules } from './rule-sources.js';
import type { SourceId } from './sources.js';
import { parseTechniques } from './techniques.js';

const RULES = `
title: Token from a new country
id: token-new-country
tags: [attack.t1550.001]
logsource: { product: premortem, service: signins }
detection:
  sel: { error_code: 0 }
  condition: sel
level: high
---
title: Non-interactive only
id: ni-only
tags: [attack.t1539]
logsource: { product: azure, service: noninteractivesigninlogs }
detection:
  sel: { error_code: 0 }
  condition: sel
level: high
---
title: Interactive by event type, service principals excluded
id: interactive-by-type
logsource: { product: premortem, service: signins }
detection:
  sel: { SignInEventTypes: interactiveUser, error_code: 50126 }
  sp: { SignInEventTypes: servicePrincipal }
  condition: sel and not sp
level: low
---
title: Mail read by an unusual app
id: mail-unusual-app
logsource: { product: premortem, service: activities }
detection:
  sel: { Operation: MailItemsAccessed }
  condition: sel
level: high
---
title: Failed sign-in
name: failed
logsource: { product: premortem, service: signins }
detection:
  sel: { error_code: 50126 }
  condition: sel
---
title: Spray then role
id: spray-then-role
correlation:
  type: temporal
  rules: [failed, role-added]
  group-by: [user_principal_name]
  timespan: 1h
level: high
---
title: Role added
name: role-added
logsource: { product: premortem, service: audits }
detection:
  sel: { activity: Add member to role }
  condition: sel
`;

const TECHNIQUES = `
techniques:
  - id: token-replay
    name: Token replay
    attack: [T1550.001]
    origin: [seed-004]
    sources: [signins:non-interactive]
    coveredBy: { tags: [attack.t1550.001] }
  - id: mail-access
    name: Mail access by an unusual app
    attack: [T1114.002]
    origin: [seed-004]
    sources: [ual:mail-items-accessed]
    coveredBy: { values: [mailitemsaccessed] }
  - id: chain
    name: Spray then role
    attack: [T1098.003]
    origin: [seed-003]
    sources: [signins:interactive, audits]
    coveredBy: { rules: [spray-then-role] }
  - id: nobody
    name: Nothing detects this
    attack: [T1606]
    origin: [seed-004]
    sources: [audits]
    coveredBy: { tags: [attack.t1606] }
`;

const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));
const { profiles, skipped } = profileRules(loadRulesFromText(RULES).rules, pipelines);
const techniques = parseTechniques(TECHNIQUES, 'test.yml');
const byId = (id: string) => profiles.find((p) => p.id === id);

describe('profileRules', () => {
  it('derives the sources each rule needs from its table, event types, log source and operations', () => {
    expect(skipped).toEqual([]);
    expect(byId('token-new-country')?.requires).toEqual([
      ['signins:interactive', 'signins:non-interactive', 'signins:service-principal', 'signins:managed-identity'],
    ]);
    expect(byId('ni-only')?.requires).toEqual([['signins:non-interactive']]);
    // The negated servicePrincipal selection does not narrow; the positive interactiveUser does.
    expect(byId('interactive-by-type')?.requires).toEqual([['signins:interactive']]);
    expect(byId('mail-unusual-app')?.requires).toEqual([['ual:mail-items-accessed']]);
    // A correlation needs each rule it chains; its building blocks are not rules of their own.
    expect(byId('spray-then-role')?.requires).toEqual([
      ['signins:interactive', 'signins:non-interactive', 'signins:service-principal', 'signins:managed-identity'],
      ['audits'],
    ]);
    expect(byId('failed')).toBeUndefined();
  });
});

describe('coverageMatrix', () => {
  const states = (sent: SourceId[]) =>
    Object.fromEntries(coverageMatrix(techniques, profiles, new Set(sent)).map((r) => [r.technique, r.state]));

  it('marks techniques covered when a recognising rule sees one of their sources', () => {
    expect(
      states(['signins:interactive', 'signins:non-interactive', 'audits', 'ual', 'ual:mail-items-accessed']),
    ).toEqual({
      'token-replay': 'covered',
      'mail-access': 'covered',
      chain: 'covered',
      nobody: 'uncovered',
    });
  });

  it('turns them covered-but-blind when the source they need is not sent', () => {
    expect(states(['signins:interactive', 'ual'])).toEqual({
      'token-replay': 'covered-but-blind',
      'mail-access': 'covered-but-blind',
      chain: 'covered-but-blind',
      nobody: 'uncovered',
    });
    const row = coverageMatrix(techniques, profiles, new Set<SourceId>(['signins:interactive'])).find(
      (r) => r.technique === 'token-replay',
    );
    // A rule over every sign-in kind sees token replay only where token replay shows: non-interactive sign-ins.
    expect(row?.blind).toEqual([{ rule: 'token-new-country', missing: ['signins:non-interactive'] }]);
  });
});
