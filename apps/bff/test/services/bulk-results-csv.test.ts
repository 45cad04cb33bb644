import { describe, expect, it } from 'vitest';
import { bulkResultsCsv } from '../../src/services/bulk/results.ts';

describe('bulkResultsCsv', () => {
  it('should escape cells a spreadsheet would run as formulas in the results', () => {
    const csv = bulkResultsCsv([
      {
        user: '=HYPERLINK("x")',
        tag: 'a,b',
        token: 'eyJ.x.y',
        playoutUrl: 'https://p/?a=1',
        expiresAt: '2026-12-24T18:00:00.000Z',
      },
    ]);
    expect(csv).toBe(
      'user id,tag,token,web playout URL,expires at (UTC)\r\n"\'=HYPERLINK(""x"")","a,b",eyJ.x.y,https://p/?a=1,2026-12-24T18:00:00.000Z',
    );
  });
});
