import { buildPlayoutUrl, type TokenTarget } from '@ptd/contracts';
import type { BulkBatchRow } from '../../db/repositories/bulk-batches.ts';
import { open } from '../../lib/crypto.ts';
import { HttpError } from '../../lib/errors.ts';
import { actorEntry, type StaffActor } from '../actor.ts';
import type { StreamDirectory } from '../tokens/stream-directory.ts';
import { csvText, type CsvColumn } from '../exports/csv.ts';
import { findBatch } from './batches.ts';
import type { BulkDeps } from './deps.ts';
import { rowContext } from '../../lib/crypto-contexts.ts';

const gone = () =>
  new HttpError(
    410,
    'results-gone',
    'The tokens of this batch were downloaded already and are kept nowhere else. Playback tokens still lists them (Batch filter); create new tokens if the file was lost.',
  );

/** A cancelled batch's rows already at the token service: their tokens belong in the file. */
const rowsInFlight = (rows: number) =>
  new HttpError(
    409,
    'rows-in-flight',
    rows === 1
      ? '1 token of this batch is still being issued. Download the tokens in a few seconds, once it is done, so that the file holds it too.'
      : `${rows} tokens of this batch are still being issued. Download the tokens in a few seconds, once they are done, so that the file holds them too.`,
  );

const nothingMinted = () =>
  new HttpError(
    409,
    'nothing-to-download',
    'No token of this batch was minted, so there is nothing to download. Retry the failed rows or mint the cancelled ones first: the one download stays for their tokens.',
  );

export interface BulkResultRow {
  user: string;
  tag: string;
  token: string;
  playoutUrl: string;
  /** When the token stops playing (ISO, UTC); empty if its ledger row is gone. */
  expiresAt: string;
}

const RESULT_COLUMNS: CsvColumn<BulkResultRow>[] = [
  { header: 'user id', value: (row) => row.user },
  { header: 'tag', value: (row) => row.tag },
  { header: 'token', value: (row) => row.token },
  { header: 'web playout URL', value: (row) => row.playoutUrl },
  { header: 'expires at (UTC)', value: (row) => row.expiresAt },
];

/** The results download (formula-like cells escaped, so a spreadsheet shows them as text). */
export const bulkResultsCsv = (rows: BulkResultRow[]) => csvText(rows, RESULT_COLUMNS);

/** The group a web playout URL plays: the group, or the first stream's group; none for all. */
async function playoutGroup(target: TokenTarget, streams: StreamDirectory) {
  if (target.type === 'group') return target.groupId;
  if (target.type === 'organisation') return undefined;
  const snapshot = await streams.get();
  const first = target.streams[0];
  return snapshot?.streams.find((stream) => stream.name === first)?.groupId;
}

/** Why the batch has no tokens to hand out now, if it has none. */
function refuseUnavailable(batch: BulkBatchRow) {
  if (batch.downloaded_at !== null) throw gone();
  if (batch.results_expired_at !== null) {
    throw new HttpError(
      410,
      'results-expired',
      'The tokens of this batch were never downloaded and were erased a week after minting ended. Playback tokens still lists them (Batch filter); create new tokens for these viewers.',
    );
  }
  if (batch.state === 'minting') {
    throw new HttpError(
      409,
      'batch-minting',
      'The batch is still being minted. Download the tokens once it has finished (or cancel it).',
    );
  }
}

/**
 * The batch's tokens as a CSV, once: the same transaction marks the download and erases the
 * sealed tokens, so a second request (or a second replica) finds nothing and answers 410.
 */
export async function downloadResults(
  deps: Pick<BulkDeps, 'repos' | 'now' | 'ledgerKeys' | 'player'>,
  actor: StaffActor,
  id: string,
  streams: StreamDirectory,
) {
  const batch = await findBatch(deps, actor, id);
  refuseUnavailable(batch);
  const target = JSON.parse(batch.target) as TokenTarget;
  const group = await playoutGroup(target, streams);
  const counts = await deps.repos.batches.counts(id);
  // Once minting is over, a row still pending was at the token service when the batch was
  // cancelled and was told to wait: it is minted after the wait, into this file.
  const issuing = counts.minting + counts.pending;
  if (issuing > 0) throw rowsInFlight(issuing);
  // An empty file would spend the one download: the failed or cancelled rows could not be
  // minted into it afterwards. (A minted row stays minted, so this holds until the download.)
  if (counts.minted === 0) throw nothingMinted();
  const rows = await deps.repos.batches.takeResults(
    id,
    deps.now(),
    deps.repos.audit.row(
      actorEntry(actor, 'batch.download', { subject: id, details: { tokens: counts.minted } }),
    ),
  );
  if (!rows) {
    // Something changed the batch since it was read (a retry, the week running out, another
    // download): the answer says what, as the batch is now.
    refuseUnavailable(await findBatch(deps, actor, id));
    throw gone();
  }
  const results = rows.flatMap((row) => {
    if (!row.encrypted_token) return [];
    const token = open(deps.ledgerKeys, row.encrypted_token, rowContext(id, row.n));
    return [
      {
        user: row.viewer_user ?? '',
        tag: row.tag ?? '',
        token,
        playoutUrl: group ? buildPlayoutUrl({ groupId: group, token }, deps.player) : '',
        expiresAt:
          row.expires_at === null ? '' : new Date(Number(row.expires_at) * 1000).toISOString(),
      },
    ];
  });
  return bulkResultsCsv(results);
}
