import { render, screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { DEFAULT_PLAYER_CONFIG, type Stream } from '@ptd/contracts';
import { describe, expect, it, vi } from 'vitest';
import { ForeignText } from '@/components/foreign-text.tsx';
import { AccountMenu } from '@/components/layout/account-menu.tsx';
import { AuditList } from '@/features/audit/components/audit-list.tsx';
import { GroupPicker } from '@/components/target/group-picker.tsx';
import { SetPasswordPage } from '@/features/account/components/set-password-page.tsx';
import { UpgradeNeeded } from '@/features/tokens/components/token-form/token-form-gate.tsx';
import { BatchFilterChip } from '@/features/tokens/components/overview/filter-chips.tsx';
import { renderApp } from '@/testing/render-app.tsx';
import { server } from '@/testing/server.ts';
import { CreatorFilter } from '@/features/tokens/components/overview/creator-filter.tsx';
import { StaffList } from '@/features/staff/components/staff-list.tsx';
import { StreamsTable } from '@/features/streams/components/streams-table.tsx';
import { TokenDetails } from '@/features/tokens/components/overview/token-details.tsx';
import { TokensTable } from '@/features/tokens/components/overview/tokens-table.tsx';
import { BulkRevokeProgress } from '@/features/tokens/components/bulk-revoke/bulk-revoke-progress.tsx';
import { BulkRevokeSample } from '@/features/tokens/components/bulk-revoke/bulk-revoke-sample.tsx';
import { onAPhone } from '@/testing/phone.ts';
import { CreateTokenPage } from '@/features/tokens/components/create-token-page.tsx';
import { sessionFor } from '@/testing/fixtures.ts';
import { PolicyCard } from '@/features/policies/components/policy-card.tsx';
import { auditEntries, staffMembers } from '@/testing/admin-fixtures.ts';
import { policyFixture } from '@/testing/policy-fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { tokenRecord } from '@/testing/token-fixtures.ts';

const RLO = '\u202e';
const odd = `abc${RLO}def`;
const none = () => {};
/** How a string that cannot hold markup (an aria-label, a title) shows `odd`. */
const oddLabel = '\u2068abc[U+202E]def\u2069';

/**
 * The element's labels and titles that cannot hold markup: none has a live override, and
 * `count` of them name the odd value isolated with its marker.
 */
function expectLabelsIsolated(container: HTMLElement, count: number) {
  const labels = [...container.querySelectorAll('[aria-label], [title]')].flatMap((element) =>
    ['aria-label', 'title'].map((name) => element.getAttribute(name) ?? ''),
  );
  for (const label of labels) expect(label).not.toMatch(/abc\u202edef/);
  expect(labels.filter((label) => label.includes(oddLabel))).toHaveLength(count);
}

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
  it('shows a soft hyphen and hidden tag characters as markers, and keeps a subdivision flag', () => {
    const flag = '\u{1f3f4}\u{e0067}\u{e0062}\u{e0077}\u{e006c}\u{e0073}\u{e007f}';
    const { container } = render(
      <>
        <ForeignText value={'v\u00adip'} />
        <ForeignText value={'vip\u{e0041}'} />
        <ForeignText value={`${flag} fans`} />
      </>,
    );
    const markers = [...container.querySelectorAll('[data-control-character]')];
    expect(markers.map((m) => m.getAttribute('data-control-character'))).toEqual([
      'U+00AD',
      'U+E0041',
    ]);
    expect(container).toHaveTextContent(`${flag} fans`);
  });

  it('shows characters that render as nothing as named markers, and keeps an emoji’s form', () => {
    const { container } = render(
      <>
        <ForeignText value={'vi\u034fp'} />
        <ForeignText value={'vip\u3164'} />
        <ForeignText value={'vip\ufe0f'} />
        <ForeignText value={'fans \u2764\ufe0f'} />
      </>,
    );
    const markers = [...container.querySelectorAll('[data-control-character]')];
    expect(markers.map((m) => m.getAttribute('data-control-character'))).toEqual([
      'U+034F',
      'U+3164',
      'U+FE0F',
    ]);
    expect(markers.map((m) => m.getAttribute('aria-label'))).toEqual([
      'Invisible character U+034F (combining grapheme joiner) in this value, shown instead of acting',
      'Invisible character U+3164 (Hangul filler) in this value, shown instead of acting',
      'Invisible character U+FE0F (variation selector) in this value, shown instead of acting',
    ]);
    expect(container).toHaveTextContent('fans \u2764\ufe0f');
  });

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

  it('cannot reorder the tokens a revoke by filter is about to revoke, or those it could not', () => {
    // Tags and user ids from before the rules for labels; stream names are ASCII.
    const older = { ...record, target: { type: 'streams' as const, streams: ['DmoEv-Stage1'] } };
    const table = renderWithProviders(<BulkRevokeSample sample={[older]} count={1} />);
    const row = within(
      screen.getByRole('table', { name: 'Tokens that will be revoked' }),
    ).getAllByRole('row')[1]!;
    // Tag and user id: each on its own.
    expect(row.querySelectorAll('[data-control-character]')).toHaveLength(2);
    expectIsolated(row, ['DmoEv-Stage1']);
    table.unmount();

    onAPhone();
    try {
      const list = renderWithProviders(<BulkRevokeSample sample={[older]} count={1} />);
      const item = screen.getByRole('list', { name: 'Tokens that will be revoked' });
      expect(item.querySelectorAll('[data-control-character]')).toHaveLength(2);
      expectIsolated(item, ['DmoEv-Stage1', 'expires']);
      list.unmount();
    } finally {
      vi.unstubAllGlobals();
    }

    const { container } = render(
      <BulkRevokeProgress
        job={{
          id: 'job-1',
          state: 'done',
          filter: {},
          ownOnly: false,
          createdBy: null,
          createdAt: '2026-12-01T10:00:00.000Z',
          finishedAt: '2026-12-01T10:00:05.000Z',
          stoppedBy: null,
          runBy: null,
          stoppedAt: null,
          total: 1,
          revoked: 0,
          skipped: 0,
          failed: 1,
          stopped: 0,
          pending: 0,
          sent: 0,
          run: { startedAt: '2026-12-01T10:00:00.000Z', settled: 0 },
          failures: [
            {
              tokenId: 't-1',
              tag: odd,
              user: odd,
              expiresAt: '2026-12-01T12:00:00.000Z',
              message: 'nanoStream Cloud did not answer.',
            },
          ],
        }}
      />,
    );
    const failures = screen.getByRole('list', { name: 'Tokens not revoked' });
    expect(failures.querySelectorAll('[data-control-character]')).toHaveLength(2);
    expectIsolated(container, ['expires']);
  });

  it('cannot reorder the note naming the token a similar one starts from', async () => {
    // A tag from before the rules for labels.
    const older = {
      ...record,
      id: 'tok-odd',
      target: { type: 'streams' as const, streams: ['DmoEv-Stage1'] },
    };
    server.use(
      http.get('/api/session', () => HttpResponse.json(sessionFor('editor'))),
      http.get('/api/tokens/:id', () => HttpResponse.json(older)),
    );
    renderWithProviders(<CreateTokenPage />, { route: '/tokens/new?similar=tok-odd' });
    const note = (await screen.findByText(/^Starting from the token for/)).closest(
      '[role="alert"]',
    ) as HTMLElement;
    expect(note.querySelectorAll('[data-control-character]')).toHaveLength(1);
    expectIsolated(note, ['Starting', 'DmoEv-Stage1', 'the same options']);
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

  it('cannot reorder a label or a title: row actions, staff controls, links and policy buttons', () => {
    const actions = { onOpen: none, onRevoke: none, canRevoke: () => true, onSimilar: none };
    for (const compact of [false, true]) {
      const { container, unmount } = render(
        <TokensTable
          items={[record]}
          sort="createdAt"
          order="desc"
          onSort={none}
          compact={compact}
          {...actions}
        />,
      );
      // Revoke, Details and the menu: each names the target and the tag.
      expect(screen.getByRole('button', { name: /^Revoke token for/ })).toHaveAccessibleName(
        `Revoke token for ${oddLabel}, tag ${oddLabel}`,
      );
      expectLabelsIsolated(container, 3);
      unmount();
    }

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
      expect(screen.getByRole('button', { name: /^Disable/ })).toHaveAccessibleName(
        `Disable ${oddLabel}`,
      );
      // Role, Disable, Sessions and More actions (its button and its tooltip's).
      expect(container.querySelectorAll('[aria-label*="[U+202E]"]').length).toBeGreaterThan(2);
      expectLabelsIsolated(
        container,
        container.querySelectorAll('[aria-label*="[U+202E]"]').length,
      );
      unmount();
    }

    const [entry] = auditEntries();
    const audit = render(
      <AuditList items={[{ ...entry!, action: 'token.revoke', subject: odd }]} compact={false} />,
    );
    expectLabelsIsolated(audit.container, 1);
    audit.unmount();

    const policy = policyFixture({ name: odd, allowedOrigins: ['http://localhost:3000'] });
    const { container } = renderWithProviders(
      <PolicyCard
        policy={policy}
        player={DEFAULT_PLAYER_CONFIG}
        origin="http://localhost:3000"
        canManage
        pending={false}
        onEdit={none}
        onToggle={none}
      />,
    );
    // Edit, Disable, Issued tokens, Try it, the snippet's heading and its Open.
    expectLabelsIsolated(container, 6);
  });

  it('cannot reorder the lines of the decoded claims', () => {
    const claimed = tokenRecord({
      user: odd,
      claims: { streams: [odd], userId: odd, exp: 1 },
    });
    renderWithProviders(
      <TokenDetails record={claimed} canRevoke={false} revokeHint={null} onRevoke={none} />,
    );
    const json = screen.getByLabelText('Decoded claims');
    expect(json.textContent).not.toContain(RLO);
    expect(json.querySelectorAll('[data-control-character="U+202E"]')).toHaveLength(2);
    expect(json).toHaveTextContent('"userId": "abcU+202Edef"');
  });

  it('cannot reorder the account button or menu: a name a single sign-on provider sent', async () => {
    const { user, container } = renderWithProviders(
      <AccountMenu
        user={{ displayName: odd, email: `x${RLO}y@example.com`, roleLabel: 'Admin' }}
        organisationName="Demo Events"
        onSignOut={none}
        signingOut={false}
      />,
    );
    const button = screen.getByRole('button', { name: /^Account:/ });
    expect(button).toHaveAccessibleName(`Account: ${oddLabel}, Admin`);
    expectIsolated(container, ['Admin']);
    await user.click(button);
    const menu = (await screen.findByRole('menu')).parentElement!;
    expect(menu.textContent).not.toContain(RLO);
    expect(menu.querySelectorAll('bdi [data-control-character="U+202E"]')).toHaveLength(2);
  });

  it('says under an input box that its value holds such characters: a group id, a creator', () => {
    const note = 'Holds invisible or direction characters: U+202E.';
    renderWithProviders(
      <>
        <GroupPicker
          value={odd}
          onChange={none}
          onBlur={none}
          inputRef={null}
          useStreamSearch={() => ({ search: '', items: [], loading: false, error: null })}
        />
        <CreatorFilter
          value="s"
          currentUserId="me"
          creators={[{ id: 's', email: 'x@example.com', displayName: odd }]}
          onCommit={none}
        />
      </>,
    );
    const group = screen.getByRole('combobox', { name: /^Stream group ID/ });
    expect(group).toHaveValue(odd);
    expect(group).toHaveAccessibleDescription(`${note} Retype it; it is refused when saved.`);
    const creator = screen.getByRole('combobox', { name: 'Created by' });
    expect(creator).toHaveValue(odd);
    expect(creator).toHaveAccessibleDescription(note);
  });

  it('cannot reorder the organisation name, nor start the initials with an override or a mark', async () => {
    const { user, container } = renderWithProviders(
      <AccountMenu
        user={{ displayName: `${RLO}eve \u0301ada`, email: 'eve@example.com', roleLabel: 'Admin' }}
        organisationName={odd}
        onSignOut={none}
        signingOut={false}
      />,
    );
    expect(container.querySelector('[data-initials]')).toHaveAttribute('data-initials', 'EA');
    await user.click(screen.getByRole('button', { name: /^Account:/ }));
    const menu = (await screen.findByRole('menu')).parentElement!;
    expect(menu.textContent).not.toContain(RLO);
    const isolated = [...menu.querySelectorAll('bdi')].map((bdi) => bdi.textContent);
    expect(isolated).toContain('abcU+202Edef');

    const gate = render(<UpgradeNeeded organisationName={odd} />);
    expectIsolated(gate.container, ['Secure playback is not enabled']);
  });

  it('cannot reorder the batch filter’s chip, taken from the address', () => {
    const { container } = render(
      <BatchFilterChip batchId={`batch-${odd}`} canOpen={false} onClear={none} />,
    );
    expect(container.textContent).not.toContain(RLO);
    expect(container.querySelector('bdi [data-control-character="U+202E"]')).not.toBeNull();
    expect(screen.getByRole('button', { name: /^Batch filter/ })).toHaveAccessibleName(
      `Batch filter: \u2068batch-abc[U+202E]def\u2069`,
    );
  });

  it('cannot reorder the name and email on the set-password page', async () => {
    server.use(
      http.post('/api/password-reset/check', () =>
        HttpResponse.json({
          email: `x${RLO}y@example.com`,
          displayName: odd,
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        }),
      ),
    );
    const { container } = renderWithProviders(<SetPasswordPage />, {
      route: '/set-password#token=Qm9va2luZ3MtYXJlLW5vdC1zZWNyZXRzLWJ1dC10aGlzLWlz',
      path: '/set-password',
    });
    const intro = await screen.findByText(/This link works once/);
    expect(intro.textContent).not.toContain(RLO);
    expect(intro.querySelectorAll('bdi [data-control-character="U+202E"]')).toHaveLength(2);
    expect(container.textContent).not.toContain(RLO);
  });

  it('shows a server’s message that quotes a value back with its override as a marker', async () => {
    server.use(
      http.get('/api/tokens', () =>
        HttpResponse.json(
          { code: 'invalid-request', message: `Tag “${odd}” is not known.` },
          { status: 400 },
        ),
      ),
    );
    renderApp('/tokens');
    // The snackbar says what the server said.
    const said = await screen.findByText('Tag “abc[U+202E]def” is not known.');
    expect(said.closest('[role="alert"]')).not.toBeNull();
    expect(document.body.textContent).not.toContain(RLO);
  });
});
