import { X509Certificate } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { CLIENT_CERT_PATH } from '../../../test/graph-server/server.js';
import { tempDir } from '../../../test/workspace.js';
import { loadClientCertificate } from './certificate.js';
import { redact } from './redact.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function file(text: string): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const p = join(t.dir, 'app.pem');
  writeFileSync(p, text);
  return p;
}

describe('client certificate', () => {
  test('reads key and certificate from one PEM; the thumbprint is SHA-256 of the certificate; the key is redacted', () => {
    const cert = loadClientCertificate(CLIENT_CERT_PATH);
    expect(cert.privateKey).toContain('-----BEGIN PRIVATE KEY-----');
    const x509 = new X509Certificate(readFileSync(CLIENT_CERT_PATH));
    expect(cert.thumbprintSha256).toBe(x509.fingerprint256.replaceAll(':', '').toLowerCase());
    const line = cert.privateKey.split('\n')[1] as string;
    expect(redact(`oops ${line}`)).toBe('oops [redacted]');
  });

  test('a file without both parts, or with an encrypted key, is an input error that says what to do', () => {
    const pem = readFileSync(CLIENT_CERT_PATH, 'utf8');
    const certOnly = pem.slice(pem.indexOf('-----BEGIN CERTIFICATE-----'));
    expect(() => loadClientCertificate(file(certOnly))).toThrow('must hold both a private key and a certificate');
    const encrypted = `-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIE\n-----END ENCRYPTED PRIVATE KEY-----\n${certOnly}`;
    expect(() => loadClientCertificate(file(encrypted))).toThrow('is encrypted');
    expect(() => loadClientCertificate('/nonexistent/app.pem')).toThrow('cannot read the certificate file');
  });
});
