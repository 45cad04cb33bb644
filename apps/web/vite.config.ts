import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const bff = process.env.BFF_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  // `@/…` imports: tsconfig.json `paths` is their one definition, for tsc, Vite and ESLint.
  resolve: { tsconfigPaths: true },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: { '/api': { target: bff, changeOrigin: false } },
  },
  build: {
    target: 'es2022',
    sourcemap: false,
    manifest: true,
    // TanStack Query in one chunk of its own: left to itself the bundler cuts it into several
    // small shared chunks as pages stop importing one another's helpers, and every page then
    // pays their overhead (about 1.3 KB gzip each, over the create page's budget).
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'query', test: /node_modules[\\/]@tanstack[\\/]/ },
            // Everything the first chunk imports statically, in that chunk: the browser needs
            // all of it before the sign-in page anyway, and left to itself the bundler cuts it
            // into a few shared chunks by which pages use each part, which every page and the
            // sign-in page then fetch one by one (about 3 KB gzip more each).
            { name: 'initial', tags: ['$initial'] },
          ],
        },
      },
    },
  },
});
