import { useState } from 'react';
import { createQueryClient } from '@/lib/query-client.ts';
import { BrowserRouter } from '@/lib/navigation.tsx';
import { AppProviders } from './providers.tsx';
import { AppRoutes } from './router.tsx';

/** The dashboard: providers around the routes. */
export function App() {
  const [client] = useState(createQueryClient);
  return (
    <AppProviders client={client}>
      <BrowserRouter>
        <AppRoutes />
      </BrowserRouter>
    </AppProviders>
  );
}
