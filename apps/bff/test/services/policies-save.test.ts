import { policyRequestSchema, updatePolicyRequestSchema } from '@ptd/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StaffActor } from '../../src/services/actor.ts';
import { policyDeps, type PolicyDeps } from '../../src/services/policies/deps.ts';
import { createPolicy, setPolicyEnabled, updatePolicy } from '../../src/services/policies/save.ts';
import { useTestApp } from '../helpers/fixture.ts';
import { policyInput } from '../helpers/policies.ts';
import { staffActorFor } from '../helpers/staff-members.ts';

const SECRET = 'a shared secret of at least thirty-two characters';
const { t } = useTestApp({ upstream: 'embedded' });
let deps: PolicyDeps;
let editor: StaffActor;

const lastAudit = async () => (await deps.repos.audit.list({ page: 1, pageSize: 1 })).items[0];

beforeAll(async () => {
  deps = policyDeps(t.app);
  editor = await staffActorFor(t.app.repos.staff, 'editor', t.app.log, '198.51.100.9');
});

describe('saving playback policies with explicit dependencies', () => {
  it('should store a new policy with its secret sealed and audit who created it', async () => {
    const input = policyInput({ identity: { mode: 'secret', secret: SECRET } });
    const policy = await createPolicy(deps, editor, policyRequestSchema.parse(input));
    expect(policy).toMatchObject({ name: 'Cup final viewers', enabled: true });
    const row = await deps.repos.policies.byId(policy.id);
    expect(row?.identity_secret).toMatch(/^v1\./);
    expect(row?.identity_secret).not.toContain(SECRET);
    expect(await lastAudit()).toMatchObject({
      action: 'policy.create',
      subject: policy.id,
      actor: { id: editor.staff.id },
      ip: '198.51.100.9',
    });
    expect(JSON.stringify(await lastAudit())).not.toContain(SECRET);
  });

  it('should keep the secret on an update without one and audit what changed', async () => {
    const created = await createPolicy(
      deps,
      editor,
      policyRequestSchema.parse(policyInput({ identity: { mode: 'secret', secret: SECRET } })),
    );
    const sealed = (await deps.repos.policies.byId(created.id))?.identity_secret;
    const input = policyInput({ name: 'Renamed', identity: { mode: 'secret' } });
    const updated = await updatePolicy(
      deps,
      editor,
      created.id,
      updatePolicyRequestSchema.parse(input),
    );
    expect(updated.name).toBe('Renamed');
    expect((await deps.repos.policies.byId(created.id))?.identity_secret).toBe(sealed);
    expect(await lastAudit()).toMatchObject({
      action: 'policy.update',
      details: { name: 'Renamed', changed: ['name'], secretReplaced: false },
    });
  });

  it('should turn a policy off once, auditing only the change', async () => {
    const created = await createPolicy(deps, editor, policyRequestSchema.parse(policyInput()));
    expect(await setPolicyEnabled(deps, editor, created.id, false)).toMatchObject({
      enabled: false,
    });
    const disabled = await lastAudit();
    expect(disabled).toMatchObject({ action: 'policy.disable', subject: created.id });
    await setPolicyEnabled(deps, editor, created.id, false);
    expect((await lastAudit())?.id).toBe(disabled?.id);
  });

  it('should answer 404 for a policy that does not exist', async () => {
    await expect(
      setPolicyEnabled(deps, editor, '00000000-0000-4000-8000-000000000000', true),
    ).rejects.toMatchObject({ statusCode: 404 });
  });
});
