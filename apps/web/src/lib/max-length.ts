import type { z } from 'zod';

/**
 * The longest text an optional query field takes (its zod `.max()`), for an input's
 * `maxLength`: a longer value would be refused by the server, or dropped from the query.
 */
export const maxLengthOf = (field: z.ZodOptional<z.ZodString>) =>
  field.unwrap().maxLength ?? undefined;
