import type { PlaybackPolicy } from '@ptd/contracts';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createPolicy, requestToken } from '../../helpers/policies.ts';
import { useTestApp } from '../../helpers/fixture.ts';

let policy: PlaybackPolicy;

const {
  t,
  clients: { editor },
} = useTestApp({ clients: { editor: 'editor' } });
beforeAll(async () => {
  policy = await createPolicy(editor);
});

describe('POST /playback-token, the path every viewer takes', () => {
  it('should answer viewers from its copy of the policies instead of reading the table each time', async () => {
    expect((await requestToken(t.app, { policy: policy.id })).statusCode).toBe(200);
    const byId = vi.spyOn(t.app.repos.policies, 'byId');
    const anyEnabled = vi.spyOn(t.app.repos.policies, 'anyEnabledAllows');
    try {
      for (let i = 0; i < 3; i += 1) {
        expect((await requestToken(t.app, { policy: policy.id })).statusCode).toBe(200);
      }
      expect(byId).not.toHaveBeenCalled();
      expect(anyEnabled).not.toHaveBeenCalled();
    } finally {
      byId.mockRestore();
      anyEnabled.mockRestore();
    }
  });

  it('should refuse tokens as soon as the policy is switched off through this replica', async () => {
    const own = await createPolicy(editor, { name: 'Switched off soon' });
    expect((await requestToken(t.app, { policy: own.id })).statusCode).toBe(200);
    const off = await editor.post(`/api/policies/${own.id}/disable`);
    expect(off.statusCode).toBe(200);
    const refused = await requestToken(t.app, { policy: own.id });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'policy-disabled' });
  });

  it('should issue under a policy created a moment ago, before its copy is refreshed', async () => {
    expect((await requestToken(t.app, { policy: policy.id })).statusCode).toBe(200);
    const fresh = await createPolicy(editor, { name: 'Just created' });
    expect((await requestToken(t.app, { policy: fresh.id })).statusCode).toBe(200);
  });
});
