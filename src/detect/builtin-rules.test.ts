import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinRulesDir } from '../rules/content.js';
import { loadRuleTests, RuleTestScratch, runRuleTestCase } from './rule-tests.js';

// Every case of content/rules/*.tests.yml is its own test, so a failure names the rule file and the case.
const suite = loadRuleTests(builtinRulesDir());

describe('built-in rules load', () => {
  it('loads every rule and test file without errors', () => {
    expect(suite.errors.map((e) => `${e.message} (${e.where()})`)).toEqual([]);
    expect(suite.cases.length).toBeGreaterThan(0);
  });
});

// One scratch workspace for the file, emptied between cases, as `premortem rules test` runs them.
let scratch: RuleTestScratch;
beforeAll(async () => {
  scratch = await RuleTestScratch.open();
});
afterAll(() => scratch?.close());

describe.each([...new Set(suite.cases.map((c) => c.file))])('%s', (file) => {
  for (const c of suite.cases.filter((x) => x.file === file)) {
    it(c.name, async () => {
      const result = await runRuleTestCase(c, suite, scratch);
      expect(result.problems).toEqual([]);
      expect(result.passed).toBe(true);
    });
  }
});
