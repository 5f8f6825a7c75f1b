/**
 * The Block Kit shape premortem sends to Slack, as a zod schema of the documented limits (Slack's Block Kit
 * reference: header, section, context and actions blocks; text objects; button elements). Slack publishes no JSON
 * schema; this is the subset we use, written from the reference, so a payload Slack would refuse fails the tests.
 */
import { z } from 'zod';

const plainText = (max: number) =>
  z.object({ type: z.literal('plain_text'), text: z.string().min(1).max(max), emoji: z.boolean().optional() }).strict();
const mrkdwn = (max: number) =>
  z.object({ type: z.literal('mrkdwn'), text: z.string().min(1).max(max), verbatim: z.boolean().optional() }).strict();

const header = z
  .object({ type: z.literal('header'), text: plainText(150), block_id: z.string().max(255).optional() })
  .strict();
const section = z
  .object({
    type: z.literal('section'),
    text: z.union([plainText(3000), mrkdwn(3000)]).optional(),
    fields: z
      .array(z.union([plainText(2000), mrkdwn(2000)]))
      .min(1)
      .max(10)
      .optional(),
    block_id: z.string().max(255).optional(),
  })
  .strict()
  .refine((s) => s.text !== undefined || s.fields !== undefined, 'a section needs text or fields');
const context = z
  .object({
    type: z.literal('context'),
    elements: z
      .array(z.union([plainText(2000), mrkdwn(2000)]))
      .min(1)
      .max(10),
  })
  .strict();
const button = z
  .object({
    type: z.literal('button'),
    text: plainText(75),
    url: z.string().url().max(3000).optional(),
    action_id: z.string().max(255).optional(),
    style: z.enum(['primary', 'danger']).optional(),
  })
  .strict();
const actions = z.object({ type: z.literal('actions'), elements: z.array(button).min(1).max(25) }).strict();

/** An incoming-webhook message: fallback text (notifications show it) and at most 50 blocks. */
export const slackMessageSchema = z
  .object({
    text: z.string().min(1).max(40_000),
    blocks: z.array(z.union([header, section, context, actions])).max(50),
  })
  .strict();
