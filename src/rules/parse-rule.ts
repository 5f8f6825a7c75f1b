import { isMap } from 'yaml';
import { yamlToJs } from '../core/yaml-file.js';
import { parseCorrelation } from './correlation.js';
import { parseDetection } from './detection.js';
import { parseMeta } from './metadata.js';
import type { CorrelationRule, DetectionRule, Rule, RuleOrigin } from './model.js';
import { errorAt, nodeAt, sourceOf, type YamlDocument } from './yaml-source.js';

/** Parses one YAML document into a rule, or throws a PremortemError (rule-invalid / rule-unsupported) with its position. */
export function parseRuleDocument(d: YamlDocument): Rule {
  if (!isMap(d.doc.contents)) throw errorAt('rule-invalid', d, [], 'a rule must be a YAML map');
  const raw = yamlToJs(d.file, d.doc, d.lines, 'rule-invalid') as Record<string, unknown>;
  const label = typeof raw.name === 'string' ? raw.name : typeof raw.title === 'string' ? raw.title : undefined;
  const extra = label === undefined ? {} : { rule: label };
  if ('action' in raw) {
    throw errorAt(
      'rule-unsupported',
      d,
      ['action'],
      'Sigma v1 rule collections ("action: global/reset/repeat") are not supported',
      {
        ...extra,
        field: 'action',
        hint: 'write each rule as a complete document',
      },
    );
  }
  if ('filter' in raw && !('detection' in raw)) {
    throw errorAt('rule-unsupported', d, ['filter'], 'Sigma filter rules are not supported yet', {
      ...extra,
      field: 'filter',
    });
  }
  const { meta, logsource } = parseMeta(d, raw);
  const name = meta.name ?? meta.id ?? meta.title;
  const pos = sourceOf(d, d.doc.contents);
  const origin: RuleOrigin = Object.freeze({
    file: d.file,
    document: d.index,
    line: pos.line ?? 1,
    column: pos.column ?? 1,
  });
  const hasDetection = 'detection' in raw;
  const hasCorrelation = 'correlation' in raw;
  if (hasDetection && hasCorrelation) {
    throw errorAt('rule-invalid', d, ['correlation'], 'a rule has either a detection or a correlation, not both', {
      rule: name,
    });
  }
  if (hasCorrelation) {
    const { correlation, generate } = parseCorrelation(d, raw.correlation, name);
    const top = raw.generate;
    const rule: CorrelationRule = {
      type: 'correlation',
      meta,
      correlation,
      generate: generate ?? (typeof top === 'boolean' ? top : false),
      origin,
    };
    return Object.freeze(rule);
  }
  if (!hasDetection) {
    throw errorAt('rule-invalid', d, [], 'a rule needs a detection (or a correlation) section', {
      rule: name,
      field: 'detection',
    });
  }
  if (!('logsource' in raw)) {
    throw errorAt('rule-invalid', d, [], 'a detection rule needs a logsource', { rule: name, field: 'logsource' });
  }
  const detection = parseDetection(d, nodeAt(d, ['detection']) ?? d.doc.contents, name);
  const rule: DetectionRule = { type: 'detection', meta, logsource, ...detection, origin };
  return Object.freeze(rule);
}
