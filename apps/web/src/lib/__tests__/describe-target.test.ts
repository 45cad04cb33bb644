import { describe, expect, it } from 'vitest';
import { describeTarget } from '../describe-target.ts';

describe('describeTarget', () => {
  it('should name streams, a group or the organisation in a few words', () => {
    expect(describeTarget({ type: 'streams', streams: ['A', 'B'] })).toBe('A, B');
    expect(describeTarget({ type: 'group', groupId: 'g-1' })).toBe('Stream group g-1');
    expect(describeTarget({ type: 'organisation' })).toBe('Entire organisation');
  });

  it('should say more in a summary read once', () => {
    expect(describeTarget({ type: 'streams', streams: ['A'] }, { full: true })).toBe('Stream A');
    expect(describeTarget({ type: 'streams', streams: ['A', 'B'] }, { full: true })).toBe(
      'Streams A, B',
    );
    expect(describeTarget({ type: 'organisation' }, { full: true })).toMatch(
      /every stream, including streams created later/,
    );
  });
});
