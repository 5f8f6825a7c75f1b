/**
 * Microsoft's national clouds: each has its own sign-in authority and its own Graph host, and a token for one is
 * useless at the other (learn.microsoft.com/graph/deployments). A local server in tests is given by URL instead.
 */
export interface CloudEndpoints {
  readonly authorityHost: string;
  readonly graphUrl: string;
  /**
   * The Office 365 Management Activity API (the unified audit log), which has its own host and token audience per
   * cloud (learn.microsoft.com/office/office-365-management-api, "Activity API operations"). GCC (moderate) shares
   * the global Graph but reads the log at https://manage-gcc.office.com: give it with --management-url.
   */
  readonly managementUrl: string;
}

export const CLOUDS = {
  global: {
    authorityHost: 'https://login.microsoftonline.com',
    graphUrl: 'https://graph.microsoft.com',
    managementUrl: 'https://manage.office.com',
  },
  /** US Government L4 (GCC High). */
  usgov: {
    authorityHost: 'https://login.microsoftonline.us',
    graphUrl: 'https://graph.microsoft.us',
    managementUrl: 'https://manage.office365.us',
  },
  /** US Government L5 (DoD). */
  usgovdod: {
    authorityHost: 'https://login.microsoftonline.us',
    graphUrl: 'https://dod-graph.microsoft.us',
    managementUrl: 'https://manage.protection.apps.mil',
  },
  /** China, operated by 21Vianet. */
  china: {
    authorityHost: 'https://login.chinacloudapi.cn',
    graphUrl: 'https://microsoftgraph.chinacloudapi.cn',
    managementUrl: 'https://manage.office.cn',
  },
} as const satisfies Record<string, CloudEndpoints>;

export type CloudName = keyof typeof CLOUDS;

export function isCloudName(name: string): name is CloudName {
  return Object.hasOwn(CLOUDS, name);
}
