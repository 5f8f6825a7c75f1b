/**
 * Federated domains' token-signing certificates (federationConfigurations in the snapshot, one per federated
 * domain): a domain federated to an identity provider trusts every token its signing key signs, so that key is a
 * tenant takeover if stolen (golden SAML) and must rotate. Check 32 of reference/posture_checks.md: fail on a
 * signing certificate older than a year or not rotated. Certificates are base64 DER X.509 (Graph
 * internalDomainFederation.signingCertificate).
 */
import { X509Certificate } from 'node:crypto';
import { type GraphObject, nonEmptyStr } from '../snapshot/graph-object.js';

const DAY_MS = 86_400_000;

/** One federated domain's signing certificate. */
export interface FederationCert {
  readonly domain: string;
  readonly issuerUri: string | undefined;
  readonly notBefore: string | null;
  readonly notAfter: string | null;
  readonly ageDays: number | null;
  /** A next certificate is staged for rollover. */
  readonly nextStaged: boolean;
  readonly issues: readonly string[];
}

function certDates(b64: string | undefined): { from: number; to: number } | null {
  if (b64 === undefined) return null;
  try {
    const c = new X509Certificate(Buffer.from(b64, 'base64'));
    return { from: Date.parse(c.validFrom), to: Date.parse(c.validTo) };
  } catch {
    return null;
  }
}

/** The signing certificates of every federated domain of the snapshot. */
export function federationCerts(configs: readonly GraphObject[], now: number): FederationCert[] {
  return configs.map((f) => {
    const domain = nonEmptyStr(f, '@premortem.domainId') ?? nonEmptyStr(f, 'displayName') ?? nonEmptyStr(f, 'id') ?? '';
    const dates = certDates(nonEmptyStr(f, 'signingCertificate'));
    const issues: string[] = [];
    if (nonEmptyStr(f, 'signingCertificate') === undefined) issues.push('no signing certificate in the configuration');
    else if (dates === null) issues.push('signing certificate could not be parsed');
    const age = dates === null ? null : now - dates.from;
    if (dates !== null && dates.to < now) issues.push('signing certificate expired');
    // A certificate valid only from a future date was made after the snapshot's clock: a clock or evidence problem.
    if (dates !== null && dates.from > now) issues.push('signing certificate not valid yet');
    if (age !== null && age > 365 * DAY_MS) issues.push('signing certificate older than a year (not rotated)');
    const nextStaged = nonEmptyStr(f, 'nextSigningCertificate') !== undefined;
    return {
      domain,
      issuerUri: nonEmptyStr(f, 'issuerUri'),
      notBefore: dates === null ? null : new Date(dates.from).toISOString(),
      notAfter: dates === null ? null : new Date(dates.to).toISOString(),
      ageDays: age === null ? null : Math.round((age / DAY_MS) * 10) / 10,
      nextStaged,
      issues,
    };
  });
}
