import { useEffect } from 'react';
import { useNotifier } from '../../../../components/notifier.tsx';

/** Puts a failed request in the snackbar once per failure. */
export function useErrorNotice(error: unknown, updatedAt: number) {
  const { notifyError } = useNotifier();
  useEffect(() => {
    if (error) notifyError(error);
  }, [error, updatedAt, notifyError]);
}
