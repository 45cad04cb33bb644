import { CssBaseline, ThemeProvider } from '@mui/material';
import { QueryClientProvider, type QueryClient } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { NotifierProvider } from '@/components/notifier.tsx';
import { theme } from '@/lib/theme.ts';

// No date provider here: dates are formatted by lib/format.ts, and the browser's dayjs locale
// is fetched with the signed-in frame (lib/date-locale.ts, router.tsx), so that it is not part
// of the sign-in route's bundle.
export function AppProviders({ client, children }: { client: QueryClient; children: ReactNode }) {
  return (
    <ThemeProvider theme={theme} defaultMode="system">
      <CssBaseline />
      <QueryClientProvider client={client}>
        <NotifierProvider>{children}</NotifierProvider>
      </QueryClientProvider>
    </ThemeProvider>
  );
}
