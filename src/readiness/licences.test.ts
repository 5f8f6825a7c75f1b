import { describe, expect, it } from 'vitest';
import { licencesFrom } from './licences.js';

const sku = (skuPartNumber: string, plans: string[] = [], extra: Record<string, unknown> = {}) => ({
  skuPartNumber,
  capabilityStatus: 'Enabled',
  prepaidUnits: { enabled: 10 },
  servicePlans: plans.map((servicePlanName) => ({ servicePlanName, provisioningStatus: 'Success' })),
  ...extra,
});

describe('licencesFrom', () => {
  it('says unknown without a snapshot', () => {
    expect(licencesFrom(undefined, undefined)).toEqual({
      entra: 'unknown',
      audit: 'unknown',
      skus: [],
      snapshotId: undefined,
    });
  });

  it('reads Entra P2 and Audit Premium from the service plans of a bundle', () => {
    const l = licencesFrom([sku('SOME_BUNDLE', ['AAD_PREMIUM', 'AAD_PREMIUM_P2', 'M365_ADVANCED_AUDITING'])], 's1');
    expect(l).toMatchObject({ entra: 'p2', audit: 'premium', skus: ['SOME_BUNDLE'], snapshotId: 's1' });
  });

  it('falls back to SKU part numbers when the body has no service plans', () => {
    expect(licencesFrom([sku('AAD_PREMIUM'), sku('ENTERPRISEPACK')], 's')).toMatchObject({
      entra: 'p1',
      audit: 'standard',
    });
  });

  it('is Entra Free with no Purview Audit when nothing premium is active', () => {
    expect(licencesFrom([], 's')).toMatchObject({ entra: 'free', audit: 'none' });
  });

  it('ignores suspended SKUs and disabled service plans', () => {
    const suspended = sku('AAD_PREMIUM_P2', ['AAD_PREMIUM_P2'], { capabilityStatus: 'Suspended' });
    const disabledPlan = {
      ...sku('BUNDLE'),
      servicePlans: [{ servicePlanName: 'M365_ADVANCED_AUDITING', provisioningStatus: 'Disabled' }],
    };
    expect(licencesFrom([suspended, disabledPlan], 's')).toMatchObject({ entra: 'free', audit: 'none' });
  });
});
