import { describe, expect, it } from 'vitest';
import { rollupRows } from '../../src/db/repositories/ledger-rollups.ts';

const HOUR = 3_600_000;
const t0 = Date.UTC(2026, 10, 30, 9, 0, 0);

describe('the event overview counts of a batch of ledger rows', () => {
  it('should count staff tokens minted in a batch as bulk, one row per hour, kind and policy', () => {
    const { hourly } = rollupRows(
      [
        { kind: 'staff', created_at: t0 + 1000 },
        { kind: 'staff', batch_id: 'b1', created_at: t0 + 2000 },
        { kind: 'staff', batch_id: 'b1', created_at: t0 + 3000 },
        { kind: 'staff', created_at: t0 + HOUR },
      ],
      1,
    );
    expect(hourly).toEqual([
      { hour: t0, kind: 'bulk', policy_id: '', tokens: 2 },
      { hour: t0, kind: 'staff', policy_id: '', tokens: 1 },
      { hour: t0 + HOUR, kind: 'staff', policy_id: '', tokens: 1 },
    ]);
  });

  it('should count viewer tokens per minute and policy too, and take them away with -1', () => {
    const { hourly, minute } = rollupRows(
      [
        { kind: 'viewer', policy_id: 'p1', created_at: t0 + 5_000 },
        { kind: 'viewer', policy_id: 'p1', created_at: t0 + 59_000 },
        { kind: 'viewer', policy_id: 'p2', created_at: t0 + 61_000 },
      ],
      -1,
    );
    expect(hourly).toEqual([
      { hour: t0, kind: 'viewer', policy_id: 'p1', tokens: -2 },
      { hour: t0, kind: 'viewer', policy_id: 'p2', tokens: -1 },
    ]);
    expect(minute).toEqual([
      { minute: t0, kind: 'viewer', policy_id: 'p1', tokens: -2 },
      { minute: t0 + 60_000, kind: 'viewer', policy_id: 'p2', tokens: -1 },
    ]);
  });

  // Two transactions that lock the same count rows in the same order cannot deadlock.
  it('should give the counts in one order, whatever the order of the rows', () => {
    const rows = [
      { kind: 'viewer' as const, policy_id: 'p2', created_at: t0 + 61_000 },
      { kind: 'viewer' as const, policy_id: 'p1', created_at: t0 + HOUR + 1_000 },
      { kind: 'viewer' as const, policy_id: 'p1', created_at: t0 + 59_000 },
      { kind: 'staff' as const, created_at: t0 + 30_000 },
    ];
    const forward = rollupRows(rows, 1);
    expect(rollupRows([...rows].reverse(), 1)).toEqual(forward);
    expect(forward.hourly.map((row) => [row.hour - t0, row.kind, row.policy_id])).toEqual([
      [0, 'staff', ''],
      [0, 'viewer', 'p1'],
      [0, 'viewer', 'p2'],
      [HOUR, 'viewer', 'p1'],
    ]);
    expect(forward.minute.map((row) => [row.minute - t0, row.policy_id])).toEqual([
      [0, 'p1'],
      [60_000, 'p2'],
      [HOUR, 'p1'],
    ]);
  });
});
