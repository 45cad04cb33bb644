import { renderHook, waitFor } from '@testing-library/react';
import { QueryClientProvider } from '@tanstack/react-query';
import { PERMISSIONS, ROLES, type Permission } from '@ptd/contracts';
import { http, HttpResponse } from 'msw';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { sessionFor } from '@/testing/fixtures.ts';
import { server } from '@/testing/server.ts';
import { createQueryClient } from '@/lib/query-client.ts';
import { useCan } from '../use-can.ts';

function renderUseCan() {
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { retry: false } });
  const wrapper = ({ children }: { children: ReactNode }) => (
    <QueryClientProvider client={client}>{children}</QueryClientProvider>
  );
  return renderHook(() => useCan(), { wrapper });
}

const permissions = Object.keys(PERMISSIONS) as Permission[];

describe('useCan', () => {
  it.each(ROLES)('should allow a signed-in %s exactly what the role model grants', async (role) => {
    server.use(http.get('/api/session', () => HttpResponse.json(sessionFor(role))));
    const { result } = renderUseCan();
    await waitFor(() => expect(result.current('createToken')).toBe(role !== 'viewer'));
    for (const permission of permissions) {
      const granted = (PERMISSIONS[permission] as readonly string[]).includes(role);
      expect({ permission, allowed: result.current(permission) }).toEqual({
        permission,
        allowed: granted,
      });
    }
  });

  it('should allow nothing while nobody is signed in', async () => {
    server.use(
      http.get('/api/session', () =>
        HttpResponse.json({ code: 'unauthenticated', message: 'Sign in.' }, { status: 401 }),
      ),
    );
    const { result } = renderUseCan();
    for (const permission of permissions) expect(result.current(permission)).toBe(false);
    await waitFor(() => expect(result.current('readAudit')).toBe(false));
  });
});
