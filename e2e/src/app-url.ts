import { inject } from 'vitest';

/**
 * The app this test file signs in to: global-setup starts one per worker (fresh data each), so
 * the files of one worker share an app the way every file once shared the only one, and a file
 * that counts what the app holds sees nothing another worker's file made meanwhile.
 */
export function appUrl(): string {
  const urls = inject('baseUrls');
  const worker = Number(process.env.VITEST_POOL_ID ?? '1');
  return urls[(worker - 1) % urls.length] as string;
}
