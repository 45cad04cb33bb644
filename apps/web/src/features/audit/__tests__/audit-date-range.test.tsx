import { fireEvent, screen, waitFor } from '@testing-library/react';
import dayjs from 'dayjs';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { auditEntries, auditPage, staffMembers } from '@/testing/admin-fixtures.ts';
import { renderWithProviders } from '@/testing/render.tsx';
import { server } from '@/testing/server.ts';
import { AuditPage } from '../components/audit-page.tsx';

function serveAudit() {
  const requests: URL[] = [];
  server.use(
    http.get('/api/audit', ({ request }) => {
      requests.push(new URL(request.url));
      return HttpResponse.json(auditPage(auditEntries(), 1, 25, 3));
    }),
    http.get('/api/staff', () => HttpResponse.json(staffMembers())),
  );
  return requests;
}

const last = (requests: URL[]) => requests[requests.length - 1]!.searchParams;

describe('AuditPage: date range and export', () => {
  it('should ask for the whole local days between From and To, keep the days in the URL and export the same range', async () => {
    const requests = serveAudit();
    renderWithProviders(<AuditPage />, { route: '/audit?action=token.revoke', path: '/audit' });
    await screen.findByRole('table', { name: 'Audit log' });

    fireEvent.change(screen.getByLabelText('From'), { target: { value: '2026-11-02' } });
    fireEvent.change(screen.getByLabelText('To'), { target: { value: '2026-11-05' } });
    const from = dayjs('2026-11-02').startOf('day').toISOString();
    const to = dayjs('2026-11-05').endOf('day').toISOString();
    await waitFor(() => expect(last(requests).get('to')).toBe(to));
    expect(last(requests).get('from')).toBe(from);
    const url = new URLSearchParams(window.location.search);
    expect([url.get('from'), url.get('to')]).toEqual(['2026-11-02', '2026-11-05']);

    const link = screen.getByRole('link', { name: 'Export CSV' });
    const exported = new URL(link.getAttribute('href') ?? '', 'http://localhost');
    expect(exported.pathname).toBe('/api/audit/export.csv');
    expect(Object.fromEntries(exported.searchParams)).toEqual({
      action: 'token.revoke',
      from,
      to,
    });
  });

  it('should ignore a day in the URL that is not a date, and keep the one that is', async () => {
    const requests = serveAudit();
    renderWithProviders(<AuditPage />, {
      route: '/audit?from=yesterday&to=2026-11-05',
      path: '/audit',
    });
    await screen.findByRole('table', { name: 'Audit log' });
    expect(last(requests).has('from')).toBe(false);
    expect(last(requests).get('to')).toBe(dayjs('2026-11-05').endOf('day').toISOString());
    expect(screen.getByLabelText('To')).toHaveValue('2026-11-05');
  });
});
