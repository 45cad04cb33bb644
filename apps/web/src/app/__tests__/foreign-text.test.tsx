import { render, screen, within } from '@testing-library/react';
import type { Stream } from '@ptd/contracts';
import { describe, expect, it } from 'vitest';
import { AuditList } from '@/features/audit/components/audit-list.tsx';
import { StaffList } from '@/features/staff/components/staff-list.tsx';
import { StreamsTable } from '@/features/streams/components/streams-table.tsx';
import { TokenDetails } from '@/features/tokens/components/overview/token-details.tsx';
import { TokensTable } from '@/features/tokens/components/overview/tokens-table.tsx';
import { auditEntries, staffMembers } from '@/testing/admin-fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { tokenRecord } from '@/testing/token-fixtures.ts';

const RLO = '\u202e';
const odd = `abc${RLO}def`;
const none = () => {};

/**
 * Text from outside the dashboard shows its right-to-left override as a marker, inside an
 * isolated element, and no text around it is inside that element or after a live override.
 */
function expectIsolated(container: HTMLElement, around: string[] = []) {
  expect(container.textContent).not.toContain(RLO);
  const markers = [...container.querySelectorAll('[data-control-character="U+202E"]')];
  expect(markers.length).toBeGreaterThan(0);
  for (const marker of markers) {
    const isolated = marker.closest('bdi');
    expect(isolated, 'marker inside a bdi').not.toBeNull();
    expect(isolated).toHaveTextContent(/^abcU\+202Edef$/);
    for (const text of around) expect(isolated).not.toHaveTextContent(text);
  }
}

const record = tokenRecord({
  target: { type: 'streams', streams: [odd] },
  tag: odd,
  user: odd,
  createdBy: { id: 's', email: 'ada@example.com', displayName: odd },
});

describe('text from outside the dashboard', () => {
  it('cannot reorder a token row, a phone card or the token details', () => {
    const actions = { onOpen: none, onRevoke: none, canRevoke: () => false };
    const table = render(
      <TokensTable
        items={[record]}
        sort="createdAt"
        order="desc"
        onSort={none}
        compact={false}
        {...actions}
      />,
    );
    const row = within(screen.getByRole('table', { name: 'Playback tokens' })).getAllByRole(
      'row',
    )[1]!;
    // Target, tag, user id and creator: each on its own.
    expect(row.querySelectorAll('[data-control-character]')).toHaveLength(4);
    expectIsolated(row, ['Active', 'Staff']);
    table.unmount();

    const cards = render(
      <TokensTable
        items={[record]}
        sort="createdAt"
        order="desc"
        onSort={none}
        compact
        {...actions}
      />,
    );
    const card = screen.getByRole('list', { name: 'Playback tokens' });
    expect(card.querySelectorAll('[data-control-character]')).toHaveLength(4);
    expectIsolated(card, ['Tag', 'User', 'Created by']);
    cards.unmount();

    const { container } = renderWithProviders(
      <TokenDetails record={record} canRevoke={false} revokeHint={null} onRevoke={none} />,
    );
    expectIsolated(container, ['ada@example.com', '(']);
  });

  it('cannot reorder a stream row: its name and tags', () => {
    const stream: Stream = {
      id: 'st-1',
      name: odd,
      groupId: 'st-1',
      state: 'live',
      tags: [odd, 'plain'],
      createdAt: new Date().toISOString(),
      abr: false,
      ingest: { rtmpUrl: 'rtmp://example', streamName: odd },
      playout: [],
    };
    render(<StreamsTable items={[stream]} />);
    const row = within(screen.getByRole('table', { name: 'Streams' })).getAllByRole('row')[1]!;
    expect(row.querySelectorAll('[data-control-character]')).toHaveLength(2);
    expectIsolated(row, ['plain']);
  });

  it('cannot reorder a staff row or an audit entry', () => {
    const [admin, member] = staffMembers();
    const oddMember = { ...member!, displayName: odd };
    const handlers = {
      currentUserId: admin!.id,
      pendingId: null,
      onRoleChange: none,
      onToggleAccess: none,
      onShowSessions: none,
      onResetPassword: none,
      onResetTwoFactor: none,
    };
    for (const compact of [false, true]) {
      const { container, unmount } = render(
        <StaffList staff={[oddMember]} compact={compact} {...handlers} />,
      );
      expectIsolated(container, [member!.email]);
      unmount();
    }

    const [entry] = auditEntries();
    const oddEntry = {
      ...entry!,
      actor: { ...entry!.actor!, displayName: odd },
      details: { tag: odd },
    };
    for (const compact of [false, true]) {
      const { container, unmount } = render(<AuditList items={[oddEntry]} compact={compact} />);
      expect(container.querySelectorAll('[data-control-character]')).toHaveLength(2);
      expectIsolated(container, ['admin@example.com', 'tag:']);
      unmount();
    }
  });
});
