import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { tempDir } from '../../../test/workspace.js';
import { credentialKind, parseBudget, resolveGraphSettings } from './settings.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function configFile(text: string): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const path = join(t.dir, 'graph.yaml');
  writeFileSync(path, text);
  return path;
}

describe('Graph settings', () => {
  test('flags win over environment, environment over the config file, the file over the cloud defaults', () => {
    const file = configFile(
      'tenant: from-file.com\nclientId: file-app\nclientSecret: file-secret-1234\ncloud: usgov\n',
    );
    const s = resolveGraphSettings(
      { tenant: 'from-flag.com', graphConfig: file },
      { PREMORTEM_TENANT_ID: 'from-env.com', PREMORTEM_CLIENT_ID: 'env-app' },
    );
    expect(s.tenantId).toBe('from-flag.com');
    expect(s.clientId).toBe('env-app');
    expect(s.clientSecret).toBe('file-secret-1234');
    expect(s.graphUrl).toBe('https://graph.microsoft.us');
    expect(s.authorityHost).toBe('https://login.microsoftonline.us');
    expect(credentialKind(s)).toBe('secret');
  });

  test('national clouds, a config file in the workspace, a version suffix dropped from the Graph URL', () => {
    expect(resolveGraphSettings({ cloud: 'china' }, {}).graphUrl).toBe('https://microsoftgraph.chinacloudapi.cn');
    expect(resolveGraphSettings({}, { PREMORTEM_GRAPH_URL: 'https://graph.microsoft.com/v1.0/' }).graphUrl).toBe(
      'https://graph.microsoft.com',
    );
    const t = tempDir();
    cleanups.push(t.cleanup);
    writeFileSync(join(t.dir, 'graph.yaml'), 'tenant: ws-tenant.com\n');
    expect(resolveGraphSettings({}, {}, { workspaceDir: t.dir }).tenantId).toBe('ws-tenant.com');
  });

  test('refuses what would leak a token or break a URL, naming the fix', () => {
    expect(() => resolveGraphSettings({ graphUrl: 'http://graph.example.com' }, {})).toThrow('must use https');
    expect(resolveGraphSettings({ graphUrl: 'http://127.0.0.1:8080' }, {}).graphUrl).toBe('http://127.0.0.1:8080');
    expect(() => resolveGraphSettings({ authorityHost: 'http://127.0.0.1:8443' }, {})).toThrow('must use https');
    expect(() => resolveGraphSettings({ tenant: 'a/b' }, {})).toThrow('--tenant must be');
    expect(() => resolveGraphSettings({ cloud: 'mars' }, {})).toThrow('--cloud takes');
    expect(() => resolveGraphSettings({ graphConfig: configFile('tenant: x.com\nsecret: oops\n') }, {})).toThrow(
      'the Graph config file is invalid',
    );
    expect(() => credentialKind(resolveGraphSettings({ tenant: 'x.com' }, {}))).toThrow(
      /missing --client-id .*--client-secret/,
    );
    expect(credentialKind(resolveGraphSettings({}, { PREMORTEM_GRAPH_TOKEN: 'a.b.c' }))).toBe('token');
  });

  test('the reports budget can be changed (a test server), in the documented form', () => {
    expect(parseBudget('5/10s')).toEqual({ requests: 5, windowMs: 10_000 });
    expect(parseBudget('10/1m')).toEqual({ requests: 10, windowMs: 60_000 });
    expect(parseBudget('fast')).toBeUndefined();
    expect(() => resolveGraphSettings({}, { PREMORTEM_GRAPH_BUDGET: 'fast' })).toThrow('reports budget');
  });
});
