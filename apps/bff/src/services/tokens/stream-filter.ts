import { searchKey, type TokenMatch, type TokenTarget } from '@ptd/contracts';
import type { ValueSet } from '../../db/repositories/ledger-conditions.ts';
import { ORGANISATION_TARGET } from '../../db/repositories/ledger-record.ts';
import type { TokenServiceDeps } from './deps.ts';
import type { StreamDirectory } from './stream-directory.ts';

export interface StreamFilter {
  text: string;
  /** Only the stream name, stream id or group id `text` is, as it is (`streamMatch=exact`). */
  exact: boolean;
  /** `ledger_target` values a matching token names. */
  targets: ValueSet;
  /** Streams of the organisation that match (bintu), by name. */
  streams: Set<string>;
  /** Groups that play a matching stream: head stream name (if known) and those streams. */
  groups: Map<string, { name: string | null; streams: string[] }>;
  /** Bintu could not be read: group tokens were found by their group id only. */
  groupsUnavailable: boolean;
}

/**
 * What the stream filter's text matches: stream names and group ids named by tokens (the
 * ledger's dictionary), the organisation's streams whose name or id contains it and the groups
 * they play in (bintu), and organisation-wide tokens, which play every stream, once any stream
 * matches. `exact`: the name or id equal to the text, not those that contain it.
 */
export async function resolveStreamFilter(
  deps: Pick<TokenServiceDeps, 'repos'>,
  directory: StreamDirectory,
  text: string,
  exact = false,
): Promise<StreamFilter> {
  const nothing = { text, exact, streams: new Set<string>(), groups: new Map() };
  if (text.includes('\u0000')) {
    return { ...nothing, targets: { values: [] }, groupsUnavailable: false };
  }
  const terms = deps.repos.ledger.terms;
  const [named, snapshot] = await Promise.all([
    exact ? terms.exactly('target', text) : terms.lookup('target', text),
    directory.get(),
  ]);
  const matches = matcher(text, exact);
  const streams = new Set<string>();
  const groups = new Map<string, { name: string | null; streams: string[] }>();
  for (const stream of snapshot?.streams ?? []) {
    // Its name or id; not its playouts' names: a token for an ABR parent's name plays only it.
    if (!matches(stream.name) && !matches(stream.id)) continue;
    streams.add(stream.name);
    const group = groups.get(stream.groupId) ?? {
      name: snapshot?.heads.get(stream.groupId)?.name ?? null,
      streams: [],
    };
    group.streams.push(stream.name);
    groups.set(stream.groupId, group);
  }
  const values = new Set([...named.values, ...streams, ...groups.keys()]);
  if (values.size > 0 || named.overflow) values.add(ORGANISATION_TARGET);
  return {
    text,
    exact,
    targets: { values: [...values], ...(named.overflow ? { overflow: named.overflow } : {}) },
    streams,
    groups,
    groupsUnavailable: snapshot === undefined,
  };
}

/** Whether a stream name or id is one the filter's text matches. */
function matcher(text: string, exact: boolean): (value: string) => boolean {
  if (exact) return (value) => value === text;
  const needle = searchKey(text);
  return (value) => searchKey(value).includes(needle);
}

/** Why a token of the page matched the stream filter, for the row to say. */
export function matchOf(target: TokenTarget, filter: StreamFilter): TokenMatch | undefined {
  const matches = matcher(filter.text, filter.exact);
  if (target.type === 'organisation') return { type: 'organisation' };
  if (target.type === 'streams') {
    const streams = target.streams.filter((name) => filter.streams.has(name) || matches(name));
    return streams.length > 0 ? { type: 'stream', streams } : undefined;
  }
  const group = filter.groups.get(target.groupId);
  return {
    type: 'group',
    groupId: target.groupId,
    groupName: group?.name ?? null,
    streams: group?.streams ?? [],
  };
}
