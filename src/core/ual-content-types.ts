/**
 * The unified audit log's content types as the Office 365 Management Activity API publishes them, and which one a
 * record belongs to. A fact about Microsoft's feed shared by the collector (src/sources/graph/management) and the
 * simulator, which writes its records as the same blobs. DLP.All is left out: it needs ActivityFeed.ReadDlp and
 * holds sensitive data.
 */
export const UAL_CONTENT_TYPES = [
  'Audit.AzureActiveDirectory',
  'Audit.Exchange',
  'Audit.SharePoint',
  'Audit.General',
] as const;

export type UalContentType = (typeof UAL_CONTENT_TYPES)[number];

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
