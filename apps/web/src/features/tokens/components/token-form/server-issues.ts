import type { FieldPath } from 'react-hook-form';
import type { TargetType, TokenFormInput } from './types.ts';

const FIELDS = [
  'target.streams',
  'target.groupId',
  'target.type',
  'expiresAt',
  'expiresIn',
  'notBefore',
  'revocable',
  'forceDisconnect',
  'ip',
  'domain',
  'user',
  'tag',
] as const satisfies readonly FieldPath<TokenFormInput>[];
type Field = (typeof FIELDS)[number];

const targetField: Record<TargetType, Field> = {
  streams: 'target.streams',
  group: 'target.groupId',
  organisation: 'target.type',
};

/**
 * The form field a server issue belongs to: `target.streams.0` → `target.streams`, a bare
 * `target` → the field of the chosen target. Null when no field fits (the snackbar has it).
 */
export function fieldForIssue(path: string, targetType: TargetType): Field | null {
  const field = FIELDS.find((name) => path === name || path.startsWith(`${name}.`));
  if (field === 'target.type') return targetField[targetType];
  if (field) return field;
  if (path === 'target' || path.startsWith('target.')) return targetField[targetType];
  return null;
}
