/**
 * The dashboard's templates: a tagged template that escapes every interpolated value with the project's one HTML
 * escaper (core/escape.ts) unless the value is already a `Safe` fragment built by this same template. Attacker-chosen
 * strings (user agents, display names, rule titles) therefore cannot become markup by being forgotten: forgetting to
 * escape is impossible, only deliberately marking text raw is, and nothing here does that with data.
 */
import { html as escapeHtml } from '../core/escape.js';

/** A fragment of markup that came out of `html```; the only thing interpolated unescaped. */
export class Safe {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/** What a template may interpolate: text and numbers (escaped), fragments, lists of them, and nothing (empty). */
export type Interpolation = Safe | string | number | boolean | null | undefined | readonly Interpolation[];

function render(value: Interpolation): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Safe) return value.text;
  if (Array.isArray(value)) return value.map((v: Interpolation) => render(v)).join('');
  return escapeHtml(String(value));
}

/** `html\`<td>${name}</td>\``: markup from the literal parts, escaped text from the values. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Safe {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += render(v) + (strings[i + 1] ?? '');
  });
  return new Safe(out);
}

/**
 * Markup produced by another of the project's renderers that escapes on its own (the report's server-side SVG
 * charts, core/escape-based); named so every such use is easy to find and review.
 */
export function trustedRendererOutput(markup: string): Safe {
  return new Safe(markup);
}
