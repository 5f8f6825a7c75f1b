/**
 * Walks a Graph collection page by page through @odata.nextLink until it is absent. Each page is checked before
 * anyone sees it (a `value` array of objects, a nextLink that stays on this Graph host): a page that fails the
 * check is asked for again by the client, so a caller never stores half a page.
 */
import type { BudgetClass } from './budget.js';
import { GraphError } from './errors.js';
import type { GraphClient } from './http.js';

export interface GraphListPage {
  readonly url: string;
  readonly body: Buffer;
  readonly items: readonly Record<string, unknown>[];
  readonly nextLink: string | undefined;
}

/** What is wrong with a list page, or undefined when it is a usable one. */
export function listPageProblem(json: unknown): string | undefined {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) return 'the page is not a JSON object';
  const page = json as Record<string, unknown>;
  if (!Array.isArray(page.value)) return 'the page has no "value" array';
  const next = page['@odata.nextLink'];
  if (next !== undefined && next !== null && typeof next !== 'string') return '@odata.nextLink is not a string';
  const bad = page.value.findIndex((v) => v === null || typeof v !== 'object' || Array.isArray(v));
  return bad >= 0 ? `value[${bad}] is not an object` : undefined;
}

/** Pages of a list, in Graph's order (newest first for audit logs). */
export async function* listPages(
  client: GraphClient,
  firstUrl: string,
  options: { budget?: BudgetClass; signal?: AbortSignal } = {},
): AsyncGenerator<GraphListPage> {
  const seen = new Set<string>();
  let url: string | undefined = firstUrl;
  while (url !== undefined) {
    if (seen.has(url))
      throw new GraphError('invalid-body', 'Graph returned a nextLink that was already read (a paging loop)');
    seen.add(url);
    const res = await client.get(url, { ...options, validate: listPageProblem });
    const page = res.json as { value: Record<string, unknown>[]; '@odata.nextLink'?: string | null };
    const nextLink = page['@odata.nextLink'] ?? undefined;
    yield { url, body: res.body, items: page.value, nextLink };
    url = nextLink;
  }
}
