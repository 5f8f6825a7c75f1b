/**
 * Slack incoming webhook with Block Kit: a header, what/why/next as sections, the objects by id, and a button to
 * the incident in serve. Every text from the logs is a plain_text object (no formatting is interpreted) and goes
 * through the Slack escaper (no `<!channel>` mention, no link). Limits from Block Kit's reference: header text 150
 * characters, section text 3000, at most 10 fields of 2000, 50 blocks; button text 75; checked by the schema in
 * block-kit-schema.ts, which the tests hold every payload to.
 */
import { slack } from '../../core/escape.js';
import { type Notification, objectLine, quietLine } from '../message.js';
import type { ChannelSender } from './channel.js';
import { postJson } from './http-post.js';

const cut = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);
const plain = (text: string, n: number) => ({ type: 'plain_text', text: cut(slack(text), n), emoji: false });

export function slackPayload(n: Notification): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: plain(n.title, 150) },
    { type: 'section', text: plain(`What happened: ${n.what}`, 3000) },
    { type: 'section', text: plain(`Why it matters: ${n.why}`, 3000) },
    { type: 'section', text: plain(`Next action: ${n.next_action}`, 3000) },
  ];
  if (n.objects.length > 0)
    blocks.push({ type: 'section', fields: n.objects.slice(0, 10).map((o) => plain(objectLine(o), 2000)) });
  if (n.items && n.items.length > 0)
    blocks.push({
      type: 'section',
      text: plain(n.items.map((i) => `[${i.severity}] ${i.title} (alert ${i.id})`).join('\n'), 3000),
    });
  if (n.quiet) blocks.push({ type: 'context', elements: [plain(quietLine(n.quiet), 2000)] });
  blocks.push({
    type: 'context',
    elements: [plain(`premortem message ${n.id}${n.incident_id ? `, incident ${n.incident_id}` : ''}`, 2000)],
  });
  if (n.link)
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', text: plain('Open in premortem', 75), url: n.link, action_id: 'open-incident' }],
    });
  return { text: cut(slack(n.title), 3000), blocks };
}

export function slackSender(url: string): ChannelSender {
  return { send: (_id, n) => postJson(url, JSON.stringify(slackPayload(n)), {}) };
}
