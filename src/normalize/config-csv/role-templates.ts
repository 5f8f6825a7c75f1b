/**
 * Built-in directory role template ids by display name (the same in every tenant). Extractor-Suite's role exports
 * name the role only; posture checks compare template ids. Roles not listed keep `name:<display name>` as their
 * id so nothing is lost, and no check mistakes them for a privileged role. Same ids as src/posture/checks/context.ts
 * (normalize may not import posture).
 */
const TEMPLATES: Readonly<Record<string, string>> = {
  'global administrator': '62e90394-69f5-4237-9190-012177145e10',
  'company administrator': '62e90394-69f5-4237-9190-012177145e10', // the role's older name in MSOnline and AzureAD
  'privileged role administrator': 'e8611ab8-c189-46e8-94e1-60213ab1f814',
  'privileged authentication administrator': '7be44c8a-adaf-4e2a-84d6-ab2649e08a13',
  'security administrator': '194ae4cb-b126-40b2-bd5b-6091b380977d',
  'exchange administrator': '29232cdf-9323-42fd-ade2-1d097af3e4de',
  'sharepoint administrator': 'f28a1f50-f6e7-4571-818b-6a12f2af6b6c',
  'user administrator': 'fe930be7-5e62-47db-91af-98c3a49a38b1',
  'application administrator': '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
  'cloud application administrator': '158c047a-c907-4556-b7ef-446551a6b5f7',
  'conditional access administrator': 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  'authentication administrator': 'c4e39bd9-1100-46d3-8c65-fb160da0071f',
  'hybrid identity administrator': '8ac3fc64-6eca-42ea-9e69-59f4c7b60eb2',
  'helpdesk administrator': '729827e3-9c14-49f7-bb1b-9608f156bbb8',
  'global reader': 'f2ef992c-3afb-46b9-b7cf-a126ee74c451',
  'security reader': '5d6b6bb7-de71-4623-b4af-96380a352509',
};

export function roleTemplateId(displayName: string): string {
  return TEMPLATES[displayName.trim().toLowerCase()] ?? `name:${displayName.trim()}`;
}
