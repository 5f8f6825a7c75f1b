import { PremortemError } from '../core/errors.js';
import { nothingDetected } from '../detect/has-run.js';
import { reportCsv } from './report-csv.js';
import { reportHtml } from './report-html.js';
import { reportMarkdown } from './report-markdown.js';
import type { IncidentReport } from './report-model.js';

/** The formats `premortem report --format` writes. */
export const REPORT_FORMATS = ['html', 'md', 'json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Renders one or more incident reports in a format; JSON is the facts themselves, for other tools. */
export function renderReport(reports: readonly IncidentReport[], format: ReportFormat, detectRan = false): string {
  switch (format) {
    case 'html':
      return reportHtml(reports, undefined, nothingDetected('incidents', detectRan));
    case 'md':
      return reports.length === 0
        ? `${nothingDetected('incidents', detectRan)}\n`
        : reports.map(reportMarkdown).join('\n---\n\n');
    case 'json':
      return `${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`;
    case 'csv':
      return reportCsv(reports);
    default:
      throw new PremortemError('usage', `unknown report format "${String(format)}"`, {
        hint: `use one of ${REPORT_FORMATS.join(', ')}`,
      });
  }
}
