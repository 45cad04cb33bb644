import { useEffect, useState } from 'react';
import { createQueryClient } from '@/lib/query-client.ts';
import { BrowserRouter } from '@/lib/navigation.tsx';
import { AppProviders } from './providers.tsx';
import { AppRoutes } from './router.tsx';
import { watchSessionExpiry } from './session-expiry.ts';

/** The dashboard: providers around the routes. */
export function App() {
  const [client] = useState(createQueryClient);
  useEffect(() => watchSessionExpiry(client), [client]);
  return (
    <AppProviders client={client}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </AppProviders>
  );
}
