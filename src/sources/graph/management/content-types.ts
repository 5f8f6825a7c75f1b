/**
 * The unified audit log's content types as the Office 365 Management Activity API serves them: one subscription and
 * one stream of content blobs each. DLP.All is left out: it needs ActivityFeed.ReadDlp and holds sensitive data.
 * Each is collected as an endpoint of its own ("unifiedAuditLog/Audit.Exchange"), with its own checkpoint.
 */
export const UAL_CONTENT_TYPES = [
  'Audit.AzureActiveDirectory',
  'Audit.Exchange',
  'Audit.SharePoint',
  'Audit.General',
] as const;

export type UalContentType = (typeof UAL_CONTENT_TYPES)[number];

/** The application permission of the "Office 365 Management APIs" resource that reads every audit content type. */
export const ACTIVITY_FEED_PERMISSION = 'ActivityFeed.Read';

/** The endpoint prefix of the unified audit log in checkpoints, summaries and --endpoints. */
export const UAL_ENDPOINT = 'unifiedAuditLog';

export function ualEndpointName(contentType: UalContentType): string {
  return `${UAL_ENDPOINT}/${contentType}`;
}

const TITLES: Readonly<Record<UalContentType, string>> = {
  'Audit.AzureActiveDirectory': 'unified audit log: Entra ID',
  'Audit.Exchange': 'unified audit log: Exchange',
  'Audit.SharePoint': 'unified audit log: SharePoint',
  'Audit.General': 'unified audit log: general',
};

export function ualTitle(contentType: UalContentType): string {
  return TITLES[contentType];
}

/**
 * The content type a record is published under, from its Workload (reference/ual_operations_schema.md): Exchange,
 * SharePoint and OneDrive, and Entra ID have their own; every other workload is in Audit.General.
 */
export function contentTypeOfWorkload(workload: unknown): UalContentType {
  const w = typeof workload === 'string' ? workload.toLowerCase() : '';
  if (w === 'exchange') return 'Audit.Exchange';
  if (w === 'sharepoint' || w === 'onedrive') return 'Audit.SharePoint';
  if (w === 'azureactivedirectory') return 'Audit.AzureActiveDirectory';
  return 'Audit.General';
}

/** Content types named by an --endpoints entry ("unifiedAuditLog" or "unifiedAuditLog/Audit.Exchange"). */
export function selectContentTypes(name: string): UalContentType[] {
  if (name === UAL_ENDPOINT) return [...UAL_CONTENT_TYPES];
  return UAL_CONTENT_TYPES.filter((c) => ualEndpointName(c) === name);
}
