/** The rule syntax tree: small frozen nodes, one kind each (see predicate-node.ts for the visitor). */
export * from './and-node.js';
export * from './boolean-match-node.js';
export * from './cidr-node.js';
export * from './compare-node.js';
export * from './condition-node.js';
export * from './exists-node.js';
export * from './field-ref-node.js';
export * from './format-predicate.js';
export * from './keyword-node.js';
export * from './not-node.js';
export * from './null-node.js';
export * from './number-match-node.js';
export * from './or-node.js';
export * from './predicate-node.js';
export * from './regex-node.js';
export * from './sigma-string.js';
export * from './string-match-node.js';
