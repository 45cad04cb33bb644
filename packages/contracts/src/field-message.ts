/** How zod's own messages begin ("Invalid input: expected string …", "Too big: …"). */
const ZOD_LEAD = /^(Invalid( [a-z]+)*|Too (big|small)|Unrecognized keys?)$/;

/**
 * Whether a message begins with its field's label already, as every message of the contracts
 * does ("Password: at most …", "Allowed sites: …"), or with the field's own name or path
 * ("asOf: the time …"): then the field's path in front of it would only repeat it. zod's own
 * messages name no field.
 */
export function namesItsField(path: string, message: string): boolean {
  const name = path.split('.').at(-1);
  if (name && (message.startsWith(`${name}: `) || message.startsWith(`${path}: `))) return true;
  const label = /^([A-Z][^:]{0,59}): /.exec(message)?.[1];
  return label !== undefined && !ZOD_LEAD.test(label);
}

/** A message that names its field: as it is when it does, else after the field's path. */
export const withFieldName = (path: string, message: string): string =>
  !path || namesItsField(path, message) ? message : `${path}: ${message}`;
