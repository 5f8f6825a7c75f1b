/**
 * The Azure Activity log's categories as diagnostic settings name them (lower-cased): one list for the file
 * classifier and the diagnostic mapper's route.
 */
export const AZURE_ACTIVITY_CATEGORIES = [
  'administrative',
  'security',
  'servicehealth',
  'alert',
  'recommendation',
  'policy',
  'autoscale',
  'resourcehealth',
] as const;

export const isAzureActivityCategory = (category: string): boolean =>
  (AZURE_ACTIVITY_CATEGORIES as readonly string[]).includes(category.toLowerCase());
