import { screen, waitFor, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { auditEntries, auditPage, staffMembers } from '@/testing/admin-fixtures.ts';
import { formatUtc } from '@/lib/format.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { AuditPage } from '../components/audit-page.tsx';

function serveAudit(items = auditEntries(), total = items.length) {
  const requests: URL[] = [];
  server.use(
    http.get('/api/audit', ({ request }) => {
      const url = new URL(request.url);
      requests.push(url);
      return HttpResponse.json(
        auditPage(
          items,
          Number(url.searchParams.get('page') ?? 1),
          Number(url.searchParams.get('pageSize') ?? 25),
          total,
        ),
      );
    }),
    http.get('/api/staff', () => HttpResponse.json(staffMembers())),
  );
  return requests;
}

const last = (requests: URL[]) => requests[requests.length - 1]!.searchParams;
const renderAudit = (route = '/audit') =>
  renderWithProviders(<AuditPage />, { route, path: '/audit' });

describe('AuditPage', () => {
  it('should list entries with local and UTC time, who, a readable action and details', async () => {
    const entries = auditEntries();
    serveAudit(entries);
    renderAudit();
    const table = await screen.findByRole('table', { name: 'Audit log' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(4);

    const revoke = rows[1]!;
    expect(within(revoke).getByText('Revoked a token')).toBeInTheDocument();
    expect(within(revoke).getByText('Ada admin')).toBeInTheDocument();
    expect(within(revoke).getByRole('link', { name: 'Token tok-rev' })).toHaveAttribute(
      'href',
      '/tokens?record=tok-rev',
    );
    expect(within(revoke).getByText('203.0.113.7')).toBeInTheDocument();
    expect(revoke).toHaveTextContent('jti: jti-tok-rev · tag: vip-lounge');
    expect(within(revoke).getByText(new RegExp(formatUtc(entries[0]!.at)))).toBeInTheDocument();

    expect(rows[2]).toHaveTextContent(/streams: DmoEv-Stage2 · revocable: yes/);
    expect(within(rows[3]!).getByText('Sign-in failed')).toBeInTheDocument();
    expect(within(rows[3]!).getByText('Not signed in')).toBeInTheDocument();
    expect(rows[3]).toHaveTextContent('reason: bad-password');
    expect(within(rows[3]!).queryByRole('link')).not.toBeInTheDocument();
  });

  it('should name the end of a batch so that it reads right for a cancelled one too', async () => {
    serveAudit([
      {
        id: 'a-batch',
        at: new Date().toISOString(),
        actor: null,
        action: 'batch.finish',
        subject: 'batch-1',
        ip: null,
        details: { minted: 0, failed: 0, cancelled: 60 },
      },
    ]);
    renderAudit();
    const table = await screen.findByRole('table', { name: 'Audit log' });
    const row = within(table).getAllByRole('row')[1]!;
    expect(within(row).getByText('Batch of tokens ended')).toBeInTheDocument();
    expect(row).toHaveTextContent('minted: 0 · failed: 0 · cancelled: 60');
  });

  it('should name each filter of a revoke by filter and of an export, not only its value', async () => {
    const entry = (
      id: string,
      action: 'token.bulk-revoke' | 'export.tokens',
      details: Record<string, unknown>,
    ) => ({
      id,
      at: new Date().toISOString(),
      actor: null,
      action,
      subject: null,
      ip: null,
      details,
    });
    serveAudit([
      entry('a-revoke', 'token.bulk-revoke', {
        filter: { tag: 'partner-a', stream: 'DmEvt-Press' },
        total: 36,
      }),
      entry('an-export', 'export.tokens', {
        filter: { status: 'active', createdBy: 'eddie', sort: 'createdAt', order: 'desc' },
        rows: 153,
      }),
    ]);
    renderAudit();
    const table = await screen.findByRole('table', { name: 'Audit log' });
    const [, revoke, exported] = within(table).getAllByRole('row');
    expect(revoke).toHaveTextContent('filter: tag partner-a, stream DmEvt-Press · total: 36');
    expect(exported).toHaveTextContent(
      'filter: status active, created by eddie, sort createdAt, order desc · rows: 153',
    );
  });

  it('should name who stopped a revoke by filter as it names who did something, not by an id', async () => {
    const stopper = { id: 'staff-ada', email: 'ada@example.com', displayName: 'Ada Admin' };
    serveAudit([
      {
        id: 'a-stopped-revoke',
        at: new Date().toISOString(),
        actor: { id: 'staff-eddie', email: 'eddie@example.com', displayName: 'Eddie Editor' },
        action: 'token.bulk-revoke',
        subject: '019ab5c2-0f4e-7c3a-9d2e-5b1f0a7c3e21',
        ip: null,
        details: { total: 400, revoked: 38, stopped: 360, stoppedBy: stopper },
      },
    ]);
    renderAudit();
    const table = await screen.findByRole('table', { name: 'Audit log' });
    const [, stopped] = within(table).getAllByRole('row');
    expect(stopped).toHaveTextContent(
      'total: 400 · revoked: 38 · stopped: 360 · stopped by: Ada Admin (ada@example.com)',
    );
    expect(stopped).not.toHaveTextContent('staff-ada');
  });

  it('should link a batch of tokens to its page, where its tokens are downloaded', async () => {
    const batchId = '019ab5c2-0f4e-7c3a-9d2e-5b1f0a7c3e21';
    serveAudit([
      {
        id: 'a-batch-create',
        at: new Date().toISOString(),
        actor: null,
        action: 'batch.create',
        subject: batchId,
        ip: null,
        details: { rows: 2000 },
      },
    ]);
    renderAudit();
    const table = await screen.findByRole('table', { name: 'Audit log' });
    expect(within(table).getByRole('link', { name: `Batch ${batchId}` })).toHaveAttribute(
      'href',
      `/tokens/bulk/${batchId}`,
    );
  });

  it('should say how many streams a batch names, not "streams 3"', async () => {
    serveAudit([
      {
        id: 'a-batch-create',
        at: new Date().toISOString(),
        actor: null,
        action: 'batch.create',
        subject: 'batch-1',
        ip: null,
        details: { rows: 2000, target: { type: 'streams', streams: 3 } },
      },
      {
        id: 'another-batch-create',
        at: new Date().toISOString(),
        actor: null,
        action: 'batch.create',
        subject: 'batch-2',
        ip: null,
        details: { rows: 10, target: { type: 'streams', streams: 1 } },
      },
    ]);
    renderAudit();
    const table = await screen.findByRole('table', { name: 'Audit log' });
    const [, three, one] = within(table).getAllByRole('row');
    expect(three).toHaveTextContent('rows: 2000 · target: 3 streams');
    expect(one).toHaveTextContent('rows: 10 · target: 1 stream');
  });

  it('should name a staff member or policy that is the subject, with its id', async () => {
    const at = new Date().toISOString();
    serveAudit([
      {
        id: 'a-staff',
        at,
        actor: null,
        action: 'staff.update',
        subject: 'staff-editor',
        ip: null,
        details: {},
      },
      {
        id: 'a-policy',
        at,
        actor: null,
        action: 'policy.disable',
        subject: 'pol-cup',
        ip: null,
        details: {},
      },
      {
        id: 'a-gone',
        at,
        actor: null,
        action: 'staff.update',
        subject: 'staff-removed-long-ago',
        ip: null,
        details: {},
      },
    ]);
    renderAudit();
    const table = await screen.findByRole('table', { name: 'Audit log' });
    const [, staffRow, policyRow, goneRow] = within(table).getAllByRole('row');
    expect(await within(staffRow!).findByText('Eddie Editor')).toBeVisible();
    expect(staffRow).toHaveTextContent('Eddie Editorstaff-editor');
    expect(await within(policyRow!).findByText('Cup final on shop.example.com')).toBeVisible();
    expect(policyRow).toHaveTextContent('Cup final on shop.example.compol-cup');
    // Not (or no longer) known: the id as it is.
    expect(goneRow).toHaveTextContent('staff-removed-long-ago');
  });

  it('should filter by action and by who, in the request and the URL', async () => {
    const requests = serveAudit();
    const { user } = renderAudit('/audit?page=3');
    await screen.findByRole('table', { name: 'Audit log' });
    expect(last(requests).get('page')).toBe('3');

    await user.click(screen.getByRole('combobox', { name: 'Action' }));
    await user.click(screen.getByRole('option', { name: 'Revoked a token' }));
    await waitFor(() => expect(last(requests).get('action')).toBe('token.revoke'));
    expect(last(requests).get('page')).toBe('1');

    await user.click(screen.getByRole('combobox', { name: 'Who' }));
    await user.click(await screen.findByRole('option', { name: /Eddie Editor/ }));
    await waitFor(() => expect(last(requests).get('actor')).toBe('staff-editor'));
    expect(last(requests).get('action')).toBe('token.revoke');
    expect(window.location.search).toContain('actor=staff-editor');
  });

  it('should show a staff name with a direction override in the Who filter as a marker, isolated', async () => {
    serveAudit();
    server.use(
      http.get('/api/staff', () =>
        HttpResponse.json(
          staffMembers().map((m) => ({ ...m, displayName: `${m.displayName}\u202e!` })),
        ),
      ),
    );
    const { user } = renderAudit('/audit?actor=\u202eold%40example.com');
    await screen.findByRole('table', { name: 'Audit log' });
    const who = screen.getByRole('combobox', { name: 'Who' });
    // A past account from the address: shown as it is, isolated.
    expect(who.textContent).not.toContain('\u202e');
    expect(who.querySelector('bdi')).toHaveTextContent(/^U\+202Eold@example\.com$/);
    await user.click(who);
    const option = await screen.findByRole('option', { name: /Eddie Editor/ });
    expect(option.textContent).not.toContain('\u202e');
    expect(option.querySelector('bdi')).toHaveTextContent(/^Eddie EditorU\+202E!$/);
  });

  it('should page on the server', async () => {
    const requests = serveAudit(auditEntries(), 80);
    const { user } = renderAudit();
    await screen.findByRole('table', { name: 'Audit log' });
    await user.click(screen.getByRole('button', { name: 'Go to next page' }));
    await waitFor(() => expect(last(requests).get('page')).toBe('2'));
  });

  it('should offer to clear filters that match nothing', async () => {
    const requests = serveAudit([]);
    const { user } = renderAudit('/audit?action=stream.create');
    expect(
      await screen.findByRole('heading', { name: 'No entries match these filters' }),
    ).toBeInTheDocument();
    const buttons = screen.getAllByRole('button', { name: 'Clear filters' });
    await user.click(buttons[buttons.length - 1]!);
    await waitFor(() => expect(last(requests).get('action')).toBeNull());
  });

  it('should show a failed request to the user', async () => {
    server.use(
      http.get('/api/audit', () =>
        HttpResponse.json(
          { code: 'forbidden', message: 'Only admins can read the audit log.' },
          { status: 403 },
        ),
      ),
      http.get('/api/staff', () => HttpResponse.json(staffMembers())),
    );
    renderAudit();
    await waitFor(() =>
      expect(
        screen
          .getAllByRole('alert')
          .some((el) => el.textContent === 'Only admins can read the audit log.'),
      ).toBe(true),
    );
  });
});
