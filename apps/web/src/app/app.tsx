import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { createQueryClient } from '../lib/query-client.ts';
import { AppProviders } from './providers.tsx';
import { createAppRouter } from './router.tsx';
import { watchSessionExpiry } from './session-expiry.ts';

/** The dashboard: providers around the router. */
export function App() {
  const [client] = useState(createQueryClient);
  const [router] = useState(createAppRouter);
  useEffect(() => watchSessionExpiry(client), [client]);
  return (
    <AppProviders client={client}>
      <RouterProvider router={router} />
    </AppProviders>
  );
}
