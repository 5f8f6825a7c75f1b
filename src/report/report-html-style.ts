/** The report's only styles, inline: the file opens offline, from a mail attachment or a USB stick. */
export const REPORT_CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1f23; margin: 0; background: #f4f5f7; }
main { max-width: 1180px; margin: 0 auto; padding: 24px 32px 64px; background: #fff; }
h1 { font-size: 24px; margin: 8px 0 4px; }
h2 { font-size: 19px; border-bottom: 2px solid #d0d7de; padding-bottom: 4px; margin-top: 36px; }
h3 { font-size: 16px; margin: 20px 0 8px; }
h4 { font-size: 14px; margin: 16px 0 6px; }
.muted { color: #57606a; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; background: #57606a; }
.sev-critical { background: #8e1b10; } .sev-high { background: #c0392b; } .sev-medium { background: #d68910; }
.sev-low { background: #2471a3; } .sev-informational { background: #57606a; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
td.when { white-space: nowrap; }
tr.attacker td { background: #fdf2f0; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 0 3px; word-break: break-all; }
.uid { display: inline-block; margin: 1px 2px; }
.chart { border: 1px solid #d0d7de; margin: 8px 0; }
dl.details { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; }
dl.details dt { font-weight: 600; }
dl.details dd { margin: 0; }
section { break-inside: auto; }
@media print { body { background: #fff; } main { padding: 0; } }
`;
