/**
 * Microsoft Teams through a Workflows ("When a Teams webhook request is received") webhook: a message with one
 * Adaptive Card 1.5 attachment. Every text from the logs passes the Markdown escaper (TextBlock renders a Markdown
 * subset: a display name must not become a link). The card is held to adaptive-card-schema.ts in the tests.
 */
import { md } from '../../core/escape.js';
import { type Notification, objectLine, quietLine } from '../message.js';
import type { ChannelSender } from './channel.js';
import { postJson } from './http-post.js';

const COLOR: Record<string, string> = { critical: 'attention', high: 'attention', medium: 'warning' };

export function adaptiveCard(n: Notification): Record<string, unknown> {
  const text = (t: string, extra: Record<string, unknown> = {}) => ({
    type: 'TextBlock',
    text: md(t),
    wrap: true,
    ...extra,
  });
  const body: Record<string, unknown>[] = [
    text(n.title, { size: 'large', weight: 'bolder', color: COLOR[n.severity] ?? 'default' }),
    {
      type: 'FactSet',
      facts: [
        { title: 'What happened', value: md(n.what) },
        { title: 'Why it matters', value: md(n.why) },
        { title: 'Next action', value: md(n.next_action) },
      ],
    },
  ];
  if (n.objects.length > 0)
    body.push({
      type: 'Container',
      items: [
        text('Who and what (by id)', { weight: 'bolder' }),
        ...n.objects.slice(0, 15).map((o) => text(objectLine(o), { spacing: 'none' })),
      ],
    });
  if (n.items && n.items.length > 0)
    body.push({
      type: 'Container',
      items: n.items.slice(0, 30).map((i) => text(`[${i.severity}] ${i.title} (alert ${i.id})`, { spacing: 'none' })),
    });
  if (n.quiet) body.push(text(quietLine(n.quiet), { isSubtle: true }));
  body.push(
    text(`premortem message ${n.id}${n.incident_id ? `, incident ${n.incident_id}` : ''}`, {
      isSubtle: true,
      size: 'small',
    }),
  );
  return {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    body,
    ...(n.link ? { actions: [{ type: 'Action.OpenUrl', title: 'Open in premortem', url: n.link }] } : {}),
    msteams: { width: 'Full' },
  };
}

/** The Workflows webhook's body: a message whose attachment is the card. */
export function teamsPayload(n: Notification): Record<string, unknown> {
  return {
    type: 'message',
    attachments: [
      { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: adaptiveCard(n) },
    ],
  };
}

export function teamsSender(url: string): ChannelSender {
  return { send: (_id, n) => postJson(url, JSON.stringify(teamsPayload(n)), {}) };
}
