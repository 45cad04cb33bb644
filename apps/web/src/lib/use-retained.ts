import { useState } from 'react';

/**
 * The last non-null value: a dialog opened for `value` keeps showing it while it fades out
 * after the caller has already set it back to null.
 */
export function useRetained<T>(value: T | null): T | null {
  const [retained, setRetained] = useState(value);
  if (value !== null && value !== retained) setRetained(value);
  return value ?? retained;
}
