import { afterEach, describe, expect, test } from 'vitest';
import { PremortemError } from '../../core/errors.js';
import { clearSecretsForTests, redact, redactError, registerSecret } from './redact.js';

afterEach(() => clearSecretsForTests());

describe('redaction', () => {
  test('registered secrets are removed wherever they appear', () => {
    registerSecret('s3cr3t~Value.123');
    expect(redact('client secret s3cr3t~Value.123 was sent twice: s3cr3t~Value.123')).toBe(
      'client secret [redacted] was sent twice: [redacted]',
    );
    registerSecret('abc');
    expect(redact('abc stays: too short to be a secret')).toBe('abc stays: too short to be a secret');
  });

  test('tokens and secrets never registered are caught by their shape', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJ0aWQiOiJ4In0xxxxxxxx.c2lnbmF0dXJlc2lnbmF0dXJl';
    expect(redact(`Authorization: Bearer ${jwt}`)).toBe('Authorization: Bearer [redacted]');
    expect(redact(`token ${jwt} expired`)).toBe('token [redacted] expired');
    expect(redact('client_secret=abcdef&scope=x')).toBe('client_secret=[redacted]&scope=x');
    expect(redact('{"access_token":"opaque-value-1234","expires_in":3599}')).toBe(
      '{"access_token":"[redacted]","expires_in":3599}',
    );
    expect(redact('-----BEGIN PRIVATE KEY-----\nMIIEvQ\n-----END PRIVATE KEY-----')).toBe(
      '-----[redacted] PRIVATE KEY-----',
    );
  });

  test('an error keeps its class, code and hint, with message, hint and stack redacted', () => {
    registerSecret('hunter2-hunter2');
    const err = new PremortemError('usage', 'bad secret hunter2-hunter2', {
      hint: 'not hunter2-hunter2',
      cause: new Error('hunter2-hunter2'),
    });
    const out = redactError(err) as PremortemError;
    expect(out).toBeInstanceOf(PremortemError);
    expect(out.code).toBe('usage');
    expect(out.message).toBe('bad secret [redacted]');
    expect(out.hint).toBe('not [redacted]');
    expect(out.stack).not.toContain('hunter2');
    expect(out.cause).toBeUndefined();
  });
});
