import { describe, expect, it } from 'vitest';
import { builtinPipelinesDir, builtinRulesDir } from '../../rules/content.js';
import { loadRules } from '../../rules/loader.js';
import { loadPipelines, PipelineSet } from '../../rules/pipeline.js';
import { compileKql } from './compile-kql.js';
import { checkKql, describeDiagnostic } from './kql-check.js';

const pipelines = new PipelineSet(loadPipelines(builtinPipelinesDir()));

describe('the Kusto language service over the declared Sentinel schemas', () => {
  it('reports a misspelt column, an unknown table and a syntax error (the check can fail)', () => {
    const column = checkKql('SigninLogs | where ResultTyp == "0"');
    expect(column).toHaveLength(1);
    expect(column[0]?.message).toMatch(/ResultTyp/);
    expect(describeDiagnostic('SigninLogs | where ResultTyp == "0"', column[0] as (typeof column)[0])).toMatch(
      /line 1 \("ResultTyp"\)/,
    );
    expect(checkKql('SignInLog | take 1')).not.toHaveLength(0);
    expect(checkKql('AuditLogs | where (')).not.toHaveLength(0);
    // A column of one table used on another.
    expect(checkKql('AADServicePrincipalSignInLogs | project UserPrincipalName')).not.toHaveLength(0);
  });

  it('accepts what the tables declare, dynamic paths included', () => {
    expect(
      checkKql('SigninLogs | where ResultType == "0" | extend c = tostring(LocationDetails.countryOrRegion)'),
    ).toEqual([]);
    expect(
      checkKql('AADNonInteractiveUserSignInLogs | extend c = tostring(parse_json(DeviceDetail).deviceId)'),
    ).toEqual([]);
  });

  it('every built-in rule compiles to KQL with zero diagnostics', () => {
    const { rules, errors } = loadRules(builtinRulesDir());
    expect(errors).toEqual([]);
    const alerting = rules.alerting();
    expect(alerting.length).toBeGreaterThan(30);
    const problems: string[] = [];
    for (const rule of alerting) {
      const compiled = compileKql(rule, { ruleSet: rules, pipelines });
      for (const d of checkKql(compiled.query))
        problems.push(`${compiled.ruleId}: ${describeDiagnostic(compiled.query, d)}`);
    }
    expect(problems).toEqual([]);
  }, 60_000);
});
