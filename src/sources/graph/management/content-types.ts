/**
 * The unified audit log's content types as the Office 365 Management Activity API serves them (the list itself is in
 * core/ual-content-types.ts): one subscription and one stream of content blobs each, each collected as an endpoint of
 * its own ("unifiedAuditLog/Audit.Exchange") with its own checkpoint.
 */
import { UAL_CONTENT_TYPES, type UalContentType } from '../../../core/ual-content-types.js';

export { contentTypeOfWorkload, UAL_CONTENT_TYPES, type UalContentType } from '../../../core/ual-content-types.js';

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

/** Content types named by an --endpoints entry ("unifiedAuditLog" or "unifiedAuditLog/Audit.Exchange"). */
export function selectContentTypes(name: string): UalContentType[] {
  if (name === UAL_ENDPOINT) return [...UAL_CONTENT_TYPES];
  return UAL_CONTENT_TYPES.filter((c) => ualEndpointName(c) === name);
}
