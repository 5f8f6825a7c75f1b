/**
 * The Adaptive Card 1.5 elements premortem uses, as a zod schema written from the documented 1.5 schema
 * (adaptivecards.io/explorer: AdaptiveCard, TextBlock, FactSet, Container, Action.OpenUrl, and their enums). No
 * npm package ships the official JSON schema, so this is the documented shape of the subset we send, strict:
 * an unknown property or value fails, as Teams would drop or refuse it.
 */
import { z } from 'zod';

const spacing = z.enum(['default', 'none', 'small', 'medium', 'large', 'extraLarge', 'padding']);
const textBlock = z
  .object({
    type: z.literal('TextBlock'),
    text: z.string().min(1),
    wrap: z.boolean().optional(),
    size: z.enum(['default', 'small', 'medium', 'large', 'extraLarge']).optional(),
    weight: z.enum(['default', 'lighter', 'bolder']).optional(),
    color: z.enum(['default', 'dark', 'light', 'accent', 'good', 'warning', 'attention']).optional(),
    isSubtle: z.boolean().optional(),
    spacing: spacing.optional(),
    separator: z.boolean().optional(),
    maxLines: z.number().int().min(1).optional(),
  })
  .strict();
const factSet = z
  .object({
    type: z.literal('FactSet'),
    facts: z.array(z.object({ title: z.string(), value: z.string() }).strict()).min(1),
    spacing: spacing.optional(),
  })
  .strict();
const container = z
  .object({
    type: z.literal('Container'),
    items: z.array(z.union([textBlock, factSet])).min(1),
    style: z.enum(['default', 'emphasis', 'good', 'attention', 'warning', 'accent']).optional(),
    spacing: spacing.optional(),
  })
  .strict();
const openUrl = z
  .object({ type: z.literal('Action.OpenUrl'), title: z.string().min(1), url: z.string().url() })
  .strict();

export const adaptiveCardSchema = z
  .object({
    $schema: z.literal('http://adaptivecards.io/schemas/adaptive-card.json').optional(),
    type: z.literal('AdaptiveCard'),
    version: z.literal('1.5'),
    body: z.array(z.union([textBlock, factSet, container])).min(1),
    actions: z.array(openUrl).optional(),
    msteams: z
      .object({ width: z.literal('Full') })
      .strict()
      .optional(),
  })
  .strict();

/** The Workflows webhook message that carries one card. */
export const teamsMessageSchema = z
  .object({
    type: z.literal('message'),
    attachments: z
      .array(
        z
          .object({
            contentType: z.literal('application/vnd.microsoft.card.adaptive'),
            contentUrl: z.null(),
            content: adaptiveCardSchema,
          })
          .strict(),
      )
      .length(1),
  })
  .strict();
