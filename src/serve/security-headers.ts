/**
 * Headers on every response: a Content-Security-Policy that allows no script at all and only the one stylesheet
 * the layout inlines (by its hash), no framing, no MIME sniffing, no referrer to other sites, and no caching of pages that show
 * tenant data.
 */
import { createHash } from 'node:crypto';
import { STYLESHEET } from './style.js';

const STYLE_HASH = createHash('sha256').update(STYLESHEET).digest('base64');

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  `style-src 'sha256-${STYLE_HASH}'`,
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on same-site form posts, and the
  // origin check (app.ts) needs the real one.
  'Referrer-Policy': 'same-origin',
  'Cache-Control': 'no-store',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
