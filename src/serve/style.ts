/** The dashboard's one stylesheet, inlined in every page and allowed by its hash in the CSP (security-headers.ts). */
export const STYLESHEET = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
header{background:#1d2330;color:#fff;padding:.5rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header a{color:#cfe0ff;text-decoration:none}header a:hover{text-decoration:underline}
header .who{margin-left:auto}header form{display:inline}
main{padding:1rem 1.5rem;max-width:1300px}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:1.6rem}
table{border-collapse:collapse;width:100%;background:#fff;margin:.5rem 0}
th,td{border:1px solid #d9dde5;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef1f6}
.sev-critical{color:#fff;background:#8b0000;padding:0 .3rem}.sev-high{color:#fff;background:#c0392b;padding:0 .3rem}
.sev-medium{background:#f1c40f;padding:0 .3rem}.sev-low{background:#d6eaf8;padding:0 .3rem}
.sev-informational{background:#eee;padding:0 .3rem}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{background:#fff;border:1px solid #d9dde5;padding:.7rem 1rem;min-width:12rem}
.card .big{font-size:1.8rem;font-weight:600}
.notice{background:#fff8d6;border:1px solid #e8d27a;padding:.5rem 1rem}
.error{background:#fde2e1;border:1px solid #e6a1a0;padding:.5rem 1rem}
pre{background:#fff;border:1px solid #d9dde5;padding:.7rem;white-space:pre-wrap;word-break:break-all}
form.inline{display:inline-flex;gap:.3rem;align-items:center;margin:.2rem 0}
label{display:block;margin:.4rem 0}input,select,textarea{font:inherit}
.muted{color:#5c6370}code{font-size:.92em}
`;
