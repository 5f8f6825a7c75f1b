import { describe, expect, it } from 'vitest';
import { timelineMarkdown } from './timeline-format.js';
import type { Timeline } from './timeline-model.js';

describe('timelineMarkdown', () => {
  it('keeps attacker-chosen text as text: no link, image, autolink, raw HTML or extra column', () => {
    const hostile = 'Evil ![x](https://evil.example/p.png) <script>alert(1)</script> | extra';
    const t: Timeline = {
      entries: [
        {
          start: '2025-09-26T01:18:16Z',
          end: '2025-09-26T01:18:16Z',
          kind: 'activity',
          action: `Sign-in by ${hostile}`,
          evidence: { source: 'Sign-in logs', table: 'signins', count: 1, uids: ['id-1'] },
          objects: [{ type: 'service_principal', id: 'sp-1', name: hostile, app_id: 'app-1' }],
        },
      ],
      followed: { users: [], servicePrincipals: [], ips: [], since: null },
    };
    const row = timelineMarkdown(t).split('\n')[2] ?? '';
    expect(row).not.toContain('<script');
    expect(row).not.toContain('https://');
    expect(row).not.toMatch(/(?<!\\)!(?<!\\)\[/);
    expect(row).not.toMatch(/(?<!\\)\]\(/);
    // Four unescaped pipes: three columns, nothing more.
    expect(row.match(/(?<!\\)\|/g)).toHaveLength(4);
  });
});
