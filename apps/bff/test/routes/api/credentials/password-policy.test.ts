import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../src/config.ts';
import { passwordProblem } from '../../../../src/services/credentials/password-policy.ts';
import { staffClient } from '../../../helpers/client.ts';
import { useTestApp } from '../../../helpers/fixture.ts';

describe('the password rule', () => {
  it.each([
    'password1234',
    'Password123!',
    '123456789012',
    'qwertyuiop12',
    'aaaaaaaaaaaa',
    'passwordpassword',
    'football12345',
  ])('should refuse the common or patterned %j', (password) => {
    expect(passwordProblem(password, 'Password')).toMatch(/^Password: /);
  });

  it.each(['correct horse battery staple', 'a long passphrase', 'L5-kQa8cYZFS4LXqfR6k2bKc'])(
    'should accept %j',
    (password) => {
      expect(passwordProblem(password, 'Password')).toBeUndefined();
    },
  );

  it('should refuse fewer than 12 characters, and judge a long one by its first 100', () => {
    expect(passwordProblem('a1b2c3d4e5f', 'Password')).toBe('Password: at least 12 characters.');
    // The estimate's time grows with the length: what follows the first 100 is not looked at.
    const tail = randomBytes(600).toString('base64');
    expect(passwordProblem(`${'a'.repeat(100)}${tail}`, 'Password')).toMatch(/^Password: /);
    expect(passwordProblem(tail, 'Password')).toBeUndefined();
  });
});

describe('ADMIN_PASSWORD', () => {
  it('should refuse to start with a common one, naming the variable', () => {
    expect(() =>
      loadConfig({ ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: 'password1234' }),
    ).toThrow(ConfigError);
    expect(() =>
      loadConfig({ ADMIN_EMAIL: 'ops@example.com', ADMIN_PASSWORD: 'password1234' }),
    ).toThrow(
      'Invalid configuration:\n  ADMIN_PASSWORD: this is similar to a commonly used password. Add more words that are less common.',
    );
  });
});

describe('creating a staff account', () => {
  const { t } = useTestApp();

  it('should refuse a common initial password with 400 naming the field, and create nothing', async () => {
    const admin = await staffClient(t.app, 'admin');
    const response = await admin.post('/api/staff', {
      email: 'weak@example.com',
      displayName: 'Weak Password',
      role: 'viewer',
      password: 'qwertyuiop12',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'invalid-request',
      issues: [{ path: 'password', message: expect.stringMatching(/^Initial password: /) }],
    });
    expect(await t.app.repos.staff.byEmail('weak@example.com')).toBeUndefined();
  });
});
