import ClearIcon from '@mui/icons-material/Clear';
import SearchIcon from '@mui/icons-material/Search';
import { Alert, Box, Button, Card, CardContent, Stack, TextField } from '@mui/material';
import { decodeToken, inspectRequestSchema } from '@ptd/contracts';
import { useMemo, useState, type FormEvent } from 'react';
import { PageHeader } from '@/components/page-header.tsx';
import { monospace } from '@/lib/theme.ts';
import { useInspectToken } from '../api/inspect-token.ts';
import { DecodedToken, InspectionResult } from './inspection-result.tsx';

/** A JWT has no whitespace; a token pasted from a wrapped email or log line may. */
const normalise = (value: string) => value.replace(/\s+/g, '');

/**
 * Paste a token, see what it says (decoded here, at once) and what the token service thinks of it.
 * The token lives only in this component's state and the inspect mutation: never in the URL,
 * storage or the query cache.
 */
export function InspectorPage() {
  const [value, setValue] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const inspect = useInspectToken();

  const token = normalise(value);
  const local = useMemo(() => (token ? decodeToken(token) : null), [token]);

  const onChange = (next: string) => {
    setValue(next);
    setFieldError(null);
    // A verdict belongs to the token it was given for.
    if (!inspect.isIdle) inspect.reset();
  };

  const onClear = () => {
    setValue('');
    setFieldError(null);
    inspect.reset();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = inspectRequestSchema.safeParse({ token });
    if (!parsed.success) {
      setFieldError(parsed.error.issues[0]?.message ?? 'Token: paste a token.');
      return;
    }
    inspect.mutate(parsed.data.token);
  };

  // Why the token cannot be decoded is said here, under the field, and nowhere else.
  const decodeError =
    (local && !local.ok ? local.reason : null) ?? inspect.data?.decodeError ?? null;
  const helper =
    fieldError ??
    decodeError ??
    'The token is decoded in your browser as you type. Inspect asks the token service whether it is valid.';

  return (
    <Stack spacing={2.5}>
      <PageHeader
        title="Token inspector"
        description="Paste a secure playback token to see its claims and whether the token service accepts it. Nothing you paste is stored."
      />

      <Card>
        <CardContent component="form" noValidate onSubmit={onSubmit} aria-label="Inspect a token">
          <TextField
            label="Token"
            placeholder="eyJhbGciOi…"
            multiline
            minRows={4}
            maxRows={12}
            value={value}
            onChange={(event) => onChange(event.target.value)}
            error={fieldError !== null || decodeError !== null}
            helperText={helper}
            autoComplete="off"
            slotProps={{
              htmlInput: {
                spellCheck: false,
                autoCapitalize: 'off',
                autoCorrect: 'off',
                'data-1p-ignore': true,
                style: { fontFamily: monospace, fontSize: 13, wordBreak: 'break-all' },
              },
            }}
          />
          <Box sx={{ display: 'flex', gap: 1.5, mt: 2, flexWrap: 'wrap' }}>
            <Button
              type="submit"
              variant="contained"
              startIcon={<SearchIcon />}
              loading={inspect.isPending}
              loadingPosition="start"
              disabled={!token}
            >
              Inspect
            </Button>
            <Button startIcon={<ClearIcon />} onClick={onClear} disabled={!value}>
              Clear
            </Button>
          </Box>
        </CardContent>
      </Card>

      {inspect.data ? (
        <InspectionResult result={inspect.data} />
      ) : local?.ok ? (
        <Stack spacing={2.5} component="section" aria-label="Decoded locally">
          <Alert severity="info" variant="outlined" role="status">
            Decoded in your browser, not verified yet. Select Inspect to ask the token service
            whether this token is valid.
          </Alert>
          <DecodedToken claims={local.token.claims} header={local.token.header} />
        </Stack>
      ) : null}
    </Stack>
  );
}
