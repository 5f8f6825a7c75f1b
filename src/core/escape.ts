/**
 * Escaping for every output format. Log fields (user agents, display names, app names, UPNs of guessed accounts)
 * are written by whoever signs in or registers an app, so the attacker chooses them: nothing from the store reaches
 * a report without passing through one of these functions.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text for HTML element content and quoted attribute values: no markup, no attribute break-out. */
export function html(text: string | number | null | undefined): string {
  if (text === null || text === undefined) return '';
  // Control characters are shown, not passed through: a NUL or a bidi override can hide or reorder what follows.
  return (
    String(text)
      .replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
        return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
      })
  );
}

/**
 * Markdown inline text (table cells, list items): escapes every character Markdown or the HTML it may embed would
 * interpret, so a display name cannot open a link, an image (a tracking pixel), raw HTML or a new table column.
 */
export function md(text: string | number | null | undefined): string {
  if (text === null || text === undefined) return '';
  return (
    String(text)
      .replace(/\\/g, '\\\\')
      .replace(/\|/g, '\\|')
      .replace(/&/g, '&amp;')
      .replace(/[<>]/g, (c) => (c === '<' ? '&lt;' : '&gt;'))
      .replace(/([[\]()`*_~!#{}])/g, '\\$1')
      // A bare URL becomes a link in GitHub-flavoured Markdown: break the scheme so it stays text.
      .replace(/\b(https?|ftp|mailto|javascript|data):/gi, '$1\\:')
      .replace(/\r\n|\r|\n/g, ' ')
  );
}

/**
 * One CSV cell (RFC 4180 quoting), with spreadsheet formula injection neutralised: a cell that starts with
 * = + - @ TAB or CR is a formula to Excel and Google Sheets (OWASP "CSV Injection"), so it gets a leading apostrophe.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV document: header then rows, CRLF line ends as RFC 4180 asks. */
export function csvTable(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
