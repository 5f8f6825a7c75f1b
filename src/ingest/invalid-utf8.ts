import type { FileContext } from '../store/load.js';
import { rejectRows } from '../store/rejects.js';
import type { Workspace } from '../store/workspace.js';

/**
 * Where a file holds bytes that are not UTF-8, for the import summary: a CSV line and its file offset, or a JSON
 * record and the offset within it. The records holding them are rejected; the kept original holds the bytes.
 */
export interface InvalidUtf8At {
  record?: number;
  recordOffset?: number;
  line?: number;
  fileOffset?: number;
  /** The first such byte, e.g. 0xFF. */
  byte: string;
}

export const hexByte = (b: number): string => `0x${b.toString(16).toUpperCase().padStart(2, '0')}`;

/** Keeps one rejected record of the file (the rejects table's primary key makes a second keep a no-op). */
export async function keepReject(
  ws: Workspace,
  ctx: FileContext,
  index: number,
  reason: string,
  raw: string | null,
): Promise<void> {
  await rejectRows(ws, ctx, [{ index, reason, raw }]);
}

/** The reason a record with bytes that are not UTF-8 is rejected: reading it would replace them. */
export const invalidUtf8Reason = (bytes: string, where: string): string =>
  `invalid UTF-8: byte(s) ${bytes} ${where} are not text; the record is not read, so nothing in it is replaced (shown as \\xNN; the kept original holds the bytes)`;
