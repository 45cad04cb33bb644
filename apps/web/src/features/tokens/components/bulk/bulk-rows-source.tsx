import UploadFileIcon from '@mui/icons-material/UploadFile';
import { Box, Button, Link, Stack, Tab, Tabs, TextField, Typography } from '@mui/material';
import { BULK_LIMITS, bulkGenerateSchema, generateBulkRows, type BulkRow } from '@ptd/contracts';
import type * as CsvReader from '@ptd/contracts/bulk-csv';
import { useEffect, useId, useRef, useState, type ChangeEvent } from 'react';
import { useIdlePreload } from '@/components/idle-warm-up.ts';
import { saveTextFile } from './save-file.ts';

export type RowsSource = { rows: BulkRow[]; label: string } | { error: string } | null;

interface BulkRowsSourceProps {
  onChange: (source: RowsSource) => void;
}

const MB = 1024 * 1024;

let loadingReader: Promise<typeof CsvReader> | undefined;

/**
 * The CSV reader (its own entry, with the CSV parser): loaded while the page is idle, not
 * before it renders. Loaded once; a failed load is tried again on the next call.
 */
export function loadCsvReader() {
  loadingReader ??= import('@ptd/contracts/bulk-csv').catch((error: unknown) => {
    loadingReader = undefined;
    throw error;
  });
  return loadingReader;
}

const READER_NOT_LOADED =
  'The CSV reader could not be loaded. Check the connection, then paste or choose the rows again.';

/** UTF-8 text of a file (FileReader: also where Blob.text is missing). */
function readText(file: File) {
  return new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result ?? ''));
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'));
    reader.readAsText(file, 'utf-8');
  });
}

/** The viewers of a batch: a CSV pasted or uploaded, or numbered user ids. */
export function BulkRowsSource({ onChange }: BulkRowsSourceProps) {
  const [mode, setMode] = useState<'csv' | 'numbered'>('csv');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [prefix, setPrefix] = useState('guest-');
  const [count, setCount] = useState('100');
  const fileInput = useRef<HTMLInputElement>(null);
  const fileNameId = useId();
  useIdlePreload(loadCsvReader);

  useEffect(() => {
    if (mode === 'numbered') {
      const parsed = bulkGenerateSchema.safeParse({ prefix, count });
      if (!parsed.success) {
        onChange({ error: parsed.error.issues[0]?.message ?? 'Check the prefix and count.' });
        return;
      }
      const rows = generateBulkRows(parsed.data.prefix, parsed.data.count);
      onChange({ rows, label: `${rows[0]?.user} … ${rows.at(-1)?.user}` });
      return;
    }
    if (fileError) return onChange({ error: fileError });
    if (text.trim() === '') return onChange(null);
    let current = true;
    loadCsvReader().then(
      ({ parseBulkCsv }) => {
        if (!current) return;
        const parsed = parseBulkCsv(text);
        onChange(
          parsed.ok
            ? { rows: parsed.rows, label: fileName ?? 'the pasted rows' }
            : { error: parsed.message },
        );
      },
      () => current && onChange({ error: READER_NOT_LOADED }),
    );
    return () => {
      current = false;
    };
  }, [mode, text, fileName, fileError, prefix, count, onChange]);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    setFileName(file.name);
    // Judged by its size before a byte is read: a 50 MB file never reaches the parser.
    if (file.size > BULK_LIMITS.maxFileBytes) {
      setText('');
      setFileError(
        `${file.name} is too large (${(file.size / MB).toFixed(1)} MB): at most ${BULK_LIMITS.maxFileBytes / MB} MB, which holds ${BULK_LIMITS.maxRows.toLocaleString('en')} rows with room to spare.`,
      );
      return;
    }
    try {
      const content = await readText(file);
      setFileError(null);
      setText(content);
    } catch {
      setFileError(`${file.name} could not be read. Choose it again, or paste its rows.`);
    }
  };

  return (
    <Stack spacing={2}>
      <Tabs value={mode} onChange={(_, value: 'csv' | 'numbered') => setMode(value)}>
        <Tab value="csv" label="CSV list" />
        <Tab value="numbered" label="Numbered user ids" />
      </Tabs>
      {mode === 'csv' ? (
        <Stack spacing={2}>
          <Typography variant="body2" color="text.secondary">
            One row per viewer. The first row names the columns, in any order: user id (required),
            tag, client IP, domain, expiry and not before (a row’s own values win over the options
            below). Commas or semicolons; up to {BULK_LIMITS.maxRows.toLocaleString('en')} rows.{' '}
            <Link
              component="button"
              type="button"
              underline="always"
              onClick={() =>
                void loadCsvReader().then(
                  (csv) => saveTextFile('tokens-template.csv', csv.BULK_CSV_TEMPLATE),
                  () => onChange({ error: READER_NOT_LOADED }),
                )
              }
            >
              Download the template
            </Link>
          </Typography>
          <Box sx={{ display: 'flex', gap: 2, alignItems: 'center', flexWrap: 'wrap' }}>
            {/* A button of its own that opens the browser's file chooser: a label dressed as
                a button is neither a button nor a label to a screen reader. */}
            <Button
              variant="outlined"
              startIcon={<UploadFileIcon />}
              onClick={() => fileInput.current?.click()}
              aria-describedby={fileName ? fileNameId : undefined}
            >
              Choose CSV file
            </Button>
            <input
              ref={fileInput}
              type="file"
              accept=".csv,text/csv,text/plain"
              aria-label="Choose CSV file"
              hidden
              onChange={(event) => void onFile(event)}
            />
            {fileName && (
              <Typography id={fileNameId} variant="body2" color="text.secondary">
                {fileName}
              </Typography>
            )}
          </Box>
          <TextField
            label="Or paste the rows"
            multiline
            minRows={4}
            maxRows={12}
            value={fileError ? '' : text}
            onChange={(event) => {
              setFileName(null);
              setFileError(null);
              setText(event.target.value);
            }}
            placeholder={'user id,tag\nguest-001,press\nguest-002,press'}
            slotProps={{
              htmlInput: { spellCheck: false, style: { fontFamily: 'monospace' } },
            }}
          />
        </Stack>
      ) : (
        <Stack spacing={2}>
          <Typography variant="body2" color="text.secondary">
            Tokens for viewers you will hand them to later: user ids numbered from 1, such as
            guest-001, guest-002 …
          </Typography>
          <Box
            sx={{
              display: 'grid',
              gap: 2,
              gridTemplateColumns: { xs: '1fr', sm: 'minmax(0, 2fr) minmax(0, 1fr)' },
            }}
          >
            <TextField
              label="User id prefix"
              value={prefix}
              onChange={(e) => setPrefix(e.target.value)}
            />
            <TextField
              label="Number of tokens"
              type="number"
              value={count}
              onChange={(e) => setCount(e.target.value)}
              slotProps={{ htmlInput: { min: 1, max: BULK_LIMITS.maxRows } }}
            />
          </Box>
        </Stack>
      )}
    </Stack>
  );
}
