import type { Stream } from '@ptd/contracts';

/** "ABR group", "Rendition" or "Single stream". */
export function streamKind(stream: Stream): string {
  if (stream.abr) return 'ABR group';
  if (stream.groupId !== stream.id) return 'Rendition';
  return 'Single stream';
}
