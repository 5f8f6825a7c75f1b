/**
 * A client certificate for app-only sign-in: one PEM file holding the private key and the certificate (the form
 * Azure Key Vault and `openssl req -x509 -keyout k -out c; cat k c` give). MSAL signs a client assertion with the
 * key and names the certificate by its SHA-256 thumbprint; Entra checks it against the certificate uploaded to the
 * app registration.
 */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { PremortemError } from '../../core/errors.js';
import { registerSecret } from './redact.js';

export interface ClientCertificate {
  /** PKCS#8 PEM, as MSAL requires ("-----BEGIN PRIVATE KEY-----"). */
  readonly privateKey: string;
  /** Hex SHA-256 thumbprint of the certificate (DER). */
  readonly thumbprintSha256: string;
  /** The certificate PEM, sent as x5c for subject-name/issuer authentication. */
  readonly certificatePem: string;
}

const KEY_BLOCK = /-----BEGIN ((?:RSA |EC |ENCRYPTED )?PRIVATE KEY)-----[\s\S]+?-----END \1-----/;
const CERT_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;

/** Reads and checks the PEM file; the key is registered for redaction before anything can fail. */
export function loadClientCertificate(path: string): ClientCertificate {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new PremortemError('input-not-found', `cannot read the certificate file ${path}`, {
      source: { file: path },
    });
  }
  const key = KEY_BLOCK.exec(text);
  if (key) registerSecret(key[0]);
  const cert = CERT_BLOCK.exec(text);
  if (!key || !cert) {
    throw new PremortemError('input-malformed', `${path} must hold both a private key and a certificate (PEM)`, {
      source: { file: path },
      hint: 'concatenate the key and the certificate: cat key.pem cert.pem > app.pem',
    });
  }
  if (key[1] === 'ENCRYPTED PRIVATE KEY') {
    throw new PremortemError('input-malformed', `the private key in ${path} is encrypted`, {
      source: { file: path },
      hint: 'export it without a passphrase (openssl pkey -in app.pem -out key.pem) and keep the file readable by you only',
    });
  }
  try {
    const privateKey = createPrivateKey(key[0]).export({ type: 'pkcs8', format: 'pem' }).toString();
    registerSecret(privateKey);
    const x509 = new X509Certificate(cert[0]);
    return {
      privateKey,
      thumbprintSha256: x509.fingerprint256.replaceAll(':', '').toLowerCase(),
      certificatePem: cert[0],
    };
  } catch (err) {
    throw new PremortemError('input-malformed', `${path} holds no usable key and certificate`, {
      source: { file: path },
      hint: (err as Error).message.replace(/-----[\s\S]*/g, ''),
    });
  }
}
