import type { StaffSession } from '@ptd/contracts';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const CHROME_MAC =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

export function sessionFixture(overrides: Partial<StaffSession> & { id: string }): StaffSession {
  const createdAt = overrides.createdAt ?? minutesAgo(90);
  return {
    current: false,
    browser: 'Chrome 131',
    os: 'macOS',
    device: 'desktop',
    userAgent: CHROME_MAC,
    ip: '203.0.113.7',
    createdAt,
    lastSeenAt: minutesAgo(1),
    expiresAt: new Date(Date.parse(createdAt) + 12 * 3_600_000).toISOString(),
    ...overrides,
  };
}

/** This browser, a phone and a colleague's laptop: most recently used first. */
export const sampleSessions = (): StaffSession[] => [
  sessionFixture({ id: '019ab5c2-0000-7000-8000-000000000001', current: true }),
  sessionFixture({
    id: '019ab5c2-0000-7000-8000-000000000002',
    browser: 'Safari 17',
    os: 'iOS 17.5',
    device: 'mobile',
    userAgent: IPHONE,
    ip: '198.51.100.23',
    lastSeenAt: minutesAgo(25),
  }),
  sessionFixture({
    id: '019ab5c2-0000-7000-8000-000000000003',
    browser: 'Firefox 133',
    os: 'Windows 10',
    userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
    ip: '192.0.2.44',
    createdAt: minutesAgo(600),
    lastSeenAt: minutesAgo(180),
  }),
];
