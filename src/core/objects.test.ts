import { describe, expect, it } from 'vitest';
import { actedOnFirst, incidentObjectsText, type ObjectRef, objectsText, textLabels } from './objects.js';

const graph: ObjectRef = {
  type: 'service_principal',
  id: '00000003-0000-0000-c000-000000000000',
  name: 'Microsoft Graph',
  app_id: '00000003-0000-0000-c000-000000000000',
};
const fake: ObjectRef = {
  type: 'service_principal',
  id: '9f0c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f',
  name: 'Microsoft Graph',
  app_id: '1a2b3c4d-0000-4000-8000-000000000001',
};
const user = (upn: string, id: string): ObjectRef => ({ type: 'user', id, name: upn, upn });

describe('objects in text', () => {
  it('never shows a name without its id: the short id even when the name is unique', () => {
    expect(textLabels([fake])).toEqual(['Microsoft Graph (9f0c1d2e…)']);
    expect(textLabels([graph, fake])).toEqual(['Microsoft Graph (00000003…)', 'Microsoft Graph (9f0c1d2e…)']);
    // An object named by its id (an address, an account known only by UPN) is shown once.
    expect(textLabels([{ type: 'ip', id: '203.0.113.7', name: '203.0.113.7' }])).toEqual(['203.0.113.7']);
    expect(textLabels([user('a@contoso.example', 'A@Contoso.example')])).toEqual(['a@contoso.example']);
    expect(objectsText([fake, { type: 'ip', id: '203.0.113.7', name: '203.0.113.7' }])).toBe(
      'objects: Microsoft Graph (9f0c1d2e…)',
    );
  });

  it('lists what is acted on first (objects that are not accounts, then acting accounts), then the targets', () => {
    const targets = Array.from({ length: 10 }, (_, i) => user(`t${i}@contoso.example`, `id-t${i}`));
    const actor = user('j.tan@contoso.example', 'id-jtan');
    const objects = [...targets, actor, fake];
    expect(actedOnFirst(objects, ['J.Tan@contoso.example']).slice(0, 3)).toEqual([fake, actor, targets[0]]);
    const line = incidentObjectsText(objects, ['j.tan@contoso.example'], 3);
    expect(line).toBe(
      'Microsoft Graph (service principal: id 9f0c1d2e-3b4a-4c5d-8e6f-7a8b9c0d1e2f, app id 1a2b3c4d-0000-4000-8000-000000000001); ' +
        'j.tan@contoso.example (user: id id-jtan); t0@contoso.example (user: id id-t0); and 9 more (--json lists all)',
    );
    // A user known only by UPN is not repeated; one with a display name shows its UPN too.
    expect(
      incidentObjectsText(
        [
          { type: 'user', id: 'x@contoso.example', name: 'x@contoso.example', upn: 'x@contoso.example' },
          { type: 'user', id: 'id-y', name: 'Yvonne', upn: 'y@contoso.example' },
        ],
        [],
      ),
    ).toBe('x@contoso.example (user); Yvonne (user: id id-y, upn y@contoso.example)');
    expect(incidentObjectsText([{ type: 'ip', id: '203.0.113.7', name: null }], [])).toBe('');
  });
});
