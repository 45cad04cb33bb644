import { z } from 'zod';
import { groupIdSchema } from './token-request.ts';

/**
 * Stream groups by what people recognise: the names of their streams. The token overview shows
 * a group token's target this way instead of the group's UUID.
 */

export const STREAM_GROUPS_MAX_IDS = 100;

/** `GET /api/stream-groups?ids=<id>,<id>`: up to 100 group ids, comma-separated. */
export const streamGroupsQuerySchema = z.strictObject({
  ids: z
    .string()
    .transform((value) => [...new Set(value.split(',').map((id) => id.trim()))])
    .pipe(
      z
        .array(groupIdSchema, { error: 'stream group ids, separated by commas.' })
        .min(1, { error: 'name at least one stream group id.' })
        .max(STREAM_GROUPS_MAX_IDS, {
          error: `at most ${STREAM_GROUPS_MAX_IDS} stream group ids at a time.`,
        }),
    ),
});
export type StreamGroupsQuery = z.infer<typeof streamGroupsQuerySchema>;

export const streamGroupSchema = z.object({
  groupId: z.string(),
  /**
   * The name of the group's head stream (a plain stream, or an ABR stream's parent); null when
   * the organisation has no such group or it could not be looked up just now.
   */
  name: z.string().nullable(),
  /** Every stream name the group plays (renditions included), head first. */
  streams: z.array(z.string()),
});
export type StreamGroup = z.infer<typeof streamGroupSchema>;

export const streamGroupsSchema = z.object({ items: z.array(streamGroupSchema) });
export type StreamGroups = z.infer<typeof streamGroupsSchema>;
