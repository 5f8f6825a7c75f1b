/**
 * Collection progress for a person, on stderr. On a terminal: one live line per endpoint, redrawn in place with
 * "\r" (pages, records, new, the retry being waited out), then replaced by the endpoint's result line. Anywhere else
 * (a log file, CI, a pipe): plain lines only, no control characters, as before. No dependency: a progress bar
 * library would add a package for one line of text.
 * Every text passes through `clean` (redaction and terminal-safety, given by the command) before it is written.
 */
import type { RetryEvent } from '../sources/graph/http.js';
import type { CollectEvent, EndpointResult } from './collect-logs.js';

export interface ProgressOutput {
  write(text: string): void;
  /** A terminal: live lines. */
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface ProgressViewOptions {
  readonly clean?: (text: string) => string;
  /** Redraws closer together than this are skipped (a fast endpoint would otherwise flood the terminal). */
  readonly minRedrawMs?: number;
  readonly now?: () => number;
  /** Non-TTY: a "pages" line every this many pages. */
  readonly plainEvery?: number;
}

const CLEAR_LINE = '\r\x1b[2K';
const SPINNER = ['|', '/', '-', '\\'];

export function resultLine(r: EndpointResult): string {
  return r.status === 'ok'
    ? `${r.title}: ${r.read} read, ${r.loaded} new (${r.pages} pages)`
    : `${r.title}: ${r.status}: ${r.detail ?? ''}`;
}

export class ProgressView {
  private live: { title: string; pages: number; read: number; loaded: number; retry?: string } | undefined;
  private lastDraw = 0;
  private frame = 0;
  private readonly clean: (text: string) => string;

  constructor(
    private readonly out: ProgressOutput,
    private readonly o: ProgressViewOptions = {},
  ) {
    this.clean = o.clean ?? ((t) => t);
  }

  get tty(): boolean {
    return this.out.isTTY === true;
  }

  /** A plain line; on a terminal, the live line is cleared first and redrawn after. */
  line(text: string): void {
    if (this.tty && this.live) this.out.write(CLEAR_LINE);
    this.out.write(`${this.clean(text)}\n`);
    if (this.tty && this.live) this.draw(true);
  }

  onEvent(e: CollectEvent): void {
    if (e.type === 'endpoint-start') {
      this.live = { title: e.title, pages: 0, read: 0, loaded: 0 };
      if (this.tty) this.draw(true);
      else this.out.write(`${this.clean(`${e.title}: reading`)}\n`);
    } else if (e.type === 'page') {
      if (this.live) Object.assign(this.live, { pages: e.pages, read: e.read, loaded: e.loaded, retry: undefined });
      if (this.tty) this.draw(false);
      else if (e.pages % (this.o.plainEvery ?? 10) === 0) {
        this.out.write(`${this.clean(`  ${e.pages} pages, ${e.read} records`)}\n`);
      }
    } else {
      if (this.tty) this.out.write(CLEAR_LINE);
      this.live = undefined;
      this.out.write(`${this.clean(resultLine(e.result))}\n`);
    }
  }

  onRetry(e: RetryEvent): void {
    const text = `retry ${e.attempt}: ${e.reason}; waiting ${(e.delayMs / 1000).toFixed(1)} s`;
    if (this.tty && this.live) {
      this.live.retry = text;
      this.draw(true);
    } else this.out.write(`${this.clean(`  ${text}`)}\n`);
  }

  /** Leaves the terminal on a fresh line (a live line may still be drawn when a pass is stopped). */
  finish(): void {
    if (this.tty && this.live) this.out.write(CLEAR_LINE);
    this.live = undefined;
  }

  private draw(force: boolean): void {
    const live = this.live;
    if (!live) return;
    const now = (this.o.now ?? Date.now)();
    if (!force && now - this.lastDraw < (this.o.minRedrawMs ?? 100)) return;
    this.lastDraw = now;
    this.frame = (this.frame + 1) % SPINNER.length;
    const counts = live.pages === 0 ? 'reading' : `${live.pages} pages, ${live.read} records, ${live.loaded} new`;
    let text = this.clean(`${SPINNER[this.frame]} ${live.title}: ${counts}${live.retry ? ` (${live.retry})` : ''}`);
    // A line longer than the terminal wraps, and "\r" then redraws only its last part: cut it to fit.
    const width = Math.max(20, (this.out.columns ?? 80) - 1);
    if (text.length > width) text = `${text.slice(0, width - 1)}…`;
    this.out.write(`${CLEAR_LINE}${text}`);
  }
}
