import type { StaffSession } from '@ptd/contracts';
import type { UseMutationResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { foreignLabel } from '@ptd/contracts';
import { ListPanel, type ListPanelProps } from './list-page/list-panel.tsx';
import { useNotifier } from './notifier.tsx';
import { SessionList, sessionName } from './session-list.tsx';

interface SessionsPanelProps {
  query: ListPanelProps<StaffSession[]>['query'];
  labels: ListPanelProps<StaffSession[]>['labels'];
  /** Shown when there is no session. */
  empty: ReactNode;
  /** Whose sessions, for the list's accessible name: "Your sessions", "Sessions of Eddie". */
  label: string;
  /** Signs one session out, by its id. */
  endOne: Pick<UseMutationResult<unknown, Error, string>, 'mutate' | 'isPending' | 'variables'>;
  /** The confirmation once it has, e.g. "Firefox on Linux is signed out." */
  ended: (name: string) => string;
}

/** Someone's signed-in sessions, each with "Sign out" and a confirmation once it is done. */
export function SessionsPanel({ query, labels, empty, label, endOne, ended }: SessionsPanelProps) {
  const { notify } = useNotifier();
  const end = (session: StaffSession) =>
    endOne.mutate(session.id, {
      onSuccess: () => notify(ended(foreignLabel(sessionName(session)))),
    });
  return (
    <ListPanel query={query} labels={labels} isEmpty={(data) => data.length === 0} empty={empty}>
      {(data) => (
        <SessionList
          sessions={data}
          label={label}
          pendingId={endOne.isPending ? (endOne.variables ?? null) : null}
          onEnd={end}
        />
      )}
    </ListPanel>
  );
}
