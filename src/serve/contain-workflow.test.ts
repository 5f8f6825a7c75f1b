import { describe, expect, it } from 'vitest';
import { proposalStatusAfter } from './contain-workflow.js';

const missing = [{ id: 'reset-password:u1', permission: 'User-PasswordProfile.ReadWrite.All', refused_by_graph: true }];

describe('a proposal after its execution', () => {
  it('is executed when every action is done or already in place', () => {
    expect(proposalStatusAfter({ done: ['a', 'b'], failed: [], left: [], missing_permissions: [] })).toBe('executed');
    expect(proposalStatusAfter({ done: [], failed: [], left: [], missing_permissions: [] })).toBe('executed');
  });

  it('is refused when a missing permission stopped it before anything changed', () => {
    expect(proposalStatusAfter({ done: [], failed: [], left: ['a', 'b'], missing_permissions: missing })).toBe(
      'refused',
    );
  });

  it("is incomplete, not refused, when Graph's 403 came half-way, after actions were done", () => {
    expect(
      proposalStatusAfter({ done: ['a'], failed: [], left: ['reset-password:u1', 'c'], missing_permissions: missing }),
    ).toBe('incomplete');
  });

  it('is incomplete after a failure or with actions left', () => {
    const failed = [{ id: 'b', error: '503' }];
    expect(proposalStatusAfter({ done: ['a'], failed, left: ['c'], missing_permissions: [] })).toBe('incomplete');
    expect(proposalStatusAfter({ done: [], failed: [], left: ['c'], missing_permissions: [] })).toBe('incomplete');
  });
});
