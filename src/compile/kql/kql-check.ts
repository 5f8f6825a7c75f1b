import { createRequire } from 'node:module';
import { SENTINEL_TABLES, type SentinelTable, schemaText } from './sentinel-tables.js';

/** One problem the Kusto language service finds in a query. */
export interface KqlDiagnostic {
  readonly severity: string;
  readonly message: string;
  /** Character offset and length in the query. */
  readonly start: number;
  readonly length: number;
}

/** The few parts of @kusto/language-service-next (a Bridge.NET build of Kusto.Language) used here. */
interface KustoLanguage {
  Symbols: {
    TableSymbol: { $ctor7: new (name: string, schema: string, description: string | null) => unknown };
    DatabaseSymbol: { ctor: new (name: string, members: unknown[]) => unknown };
    ClusterSymbol: { ctor: new (name: string, databases: unknown[]) => unknown };
  };
  GlobalState: { Default: { WithCluster(c: unknown): { WithDatabase(d: unknown): unknown } } };
  KustoCode: {
    ParseAndAnalyze(
      text: string,
      globals: unknown,
    ): {
      GetDiagnostics(): {
        Count: number;
        getItem(i: number): { Severity: string; Message: string; Start: number; Length: number };
      };
    };
  };
}

let globals: { kusto: KustoLanguage; state: unknown } | undefined;

/**
 * Loads the language service once (about a second) with Sentinel's tables declared as one database. The package
 * is a script that defines globals (Bridge, Kusto), so it is required rather than imported; it runs offline.
 */
function languageService(): { kusto: KustoLanguage; state: unknown } {
  if (globals) return globals;
  const require = createRequire(import.meta.url);
  require('@kusto/language-service-next/bridge.js');
  require('@kusto/language-service-next/Kusto.Language.Bridge.js');
  const kusto = (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
  const tables = (Object.keys(SENTINEL_TABLES) as SentinelTable[]).map(
    (t) => new kusto.Symbols.TableSymbol.$ctor7(t, schemaText(t), null),
  );
  const db = new kusto.Symbols.DatabaseSymbol.ctor('sentinel', tables);
  const cluster = new kusto.Symbols.ClusterSymbol.ctor('sentinel', [db]);
  globals = { kusto, state: kusto.GlobalState.Default.WithCluster(cluster).WithDatabase(db) };
  return globals;
}

/**
 * Parses and analyses a query against the declared Sentinel schemas (sentinel-tables.ts) and returns every
 * diagnostic: syntax errors, unknown tables, columns and functions, type mismatches.
 */
export function checkKql(query: string): KqlDiagnostic[] {
  const { kusto, state } = languageService();
  const diagnostics = kusto.KustoCode.ParseAndAnalyze(query, state).GetDiagnostics();
  const out: KqlDiagnostic[] = [];
  for (let i = 0; i < diagnostics.Count; i++) {
    const d = diagnostics.getItem(i);
    out.push({ severity: String(d.Severity), message: String(d.Message), start: d.Start, length: d.Length });
  }
  return out;
}

/** A diagnostic with the query text it points at, for reports. */
export function describeDiagnostic(query: string, d: KqlDiagnostic): string {
  const line = query.slice(0, d.start).split('\n').length;
  const at = query.slice(d.start, d.start + Math.min(d.length, 60));
  return `${d.severity} at line ${line} ("${at}"): ${d.message}`;
}
