/**
 * Escaping for every output format. Log fields (user agents, display names, app names, UPNs of guessed accounts)
 * are written by whoever signs in or registers an app, so the attacker chooses them: nothing from the store reaches
 * a report without passing through one of these functions.
 */

/**
 * What a terminal (or a viewer of a Markdown or CSV file) would interpret rather than show: C0 controls but tab
 * and line ends (ESC starts colour, cursor, OSC 8 link and title sequences; BEL rings), DEL, the C1 controls (a
 * single-byte CSI), line and paragraph separators and the bidi overrides that reorder what is shown.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const visible = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Text for a terminal: every control character and escape sequence is made visible instead of interpreted, so a
 * crafted user agent cannot move the cursor, rewrite earlier lines, hide text or set the window title. Tabs and
 * line ends stay (the text may be several lines we wrote); a carriage return does not (it rewrites the line).
 */
export function terminal(text: string): string {
  return text.replace(CONTROLS, visible).replace(/\r/g, visible);
}

/** One line of terminal text from a single value (a file name, a log field): line ends are shown, not obeyed. */
export function terminalLine(text: string): string {
  return terminal(text).replace(/[\n\t]/g, visible);
}

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
  return String(text)
    .replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c)
    .replace(CONTROLS, visible);
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
      // Markdown written to stdout reaches a terminal: no escape sequence passes through.
      .replace(CONTROLS, visible)
  );
}

/**
 * One CSV cell (RFC 4180 quoting), with spreadsheet formula injection neutralised: a cell that starts with
 * = + - @ TAB or CR is a formula to Excel and Google Sheets (OWASP "CSV Injection"), so it gets a leading apostrophe.
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  // Control characters are shown, not passed on: a CSV printed to a terminal must not carry escape sequences.
  // A carriage return that does not end a line would rewrite the line it is printed on.
  let s = String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  s = s.replace(CONTROLS, visible).replace(/\r(?!\n)/g, visible);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV document: header then rows, CRLF line ends as RFC 4180 asks. */
export function csvTable(header: readonly string[], rows: readonly (readonly (string | number | null)[])[]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * Text for Slack (Block Kit text objects): Slack reads `<…>` as links and mentions (`<!channel>` pages everyone) and
 * `&` as an entity, so those three become entities, as Slack's "Escaping text" asks; control characters are shown.
 */
export function slack(text: string | number | null | undefined): string {
  if (text === null || text === undefined) return '';
  return String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(CONTROLS, visible);
}
