import { Autocomplete, Chip, TextField } from '@mui/material';
import { normaliseOrigin, POLICY_LIMITS } from '@ptd/contracts';
import { useState, type Ref } from 'react';
import { ForeignText } from '@/components/foreign-text.tsx';

interface AllowedOriginsFieldProps {
  value: string[];
  onChange: (origins: string[]) => void;
  onBlur: () => void;
  inputRef: Ref<HTMLInputElement>;
  error?: string;
}

/** This dashboard as a site on this machine: what a local test page's origin is. */
const localOrigin = () =>
  `${window.location.protocol}//localhost${window.location.port ? `:${window.location.port}` : ''}`;

/**
 * Origins as chips: typed or pasted (a host name becomes its https origin, a page URL keeps
 * only its origin), added with Enter, a comma or on leaving the field. What the rules refuse
 * is explained and not added.
 */
export function AllowedOriginsField({
  value,
  onChange,
  onBlur,
  inputRef,
  error,
}: AllowedOriginsFieldProps) {
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  const add = (raw: string) => {
    const entries = raw
      .split(/[\s,]+/)
      .map((entry) => entry.trim())
      .filter(Boolean);
    if (entries.length === 0) return true;
    const origins = [...value];
    for (const entry of entries) {
      const check = normaliseOrigin(entry);
      if (!check.ok) {
        setProblem(`Allowed sites: ${check.reason}`);
        return false;
      }
      if (!origins.includes(check.origin)) origins.push(check.origin);
    }
    setProblem(null);
    onChange(origins.slice(0, POLICY_LIMITS.maxOrigins));
    setText('');
    return true;
  };

  return (
    <Autocomplete
      multiple
      freeSolo
      options={[]}
      value={value}
      inputValue={text}
      onInputChange={(_, next, reason) => {
        if (reason === 'reset') return;
        if (/[,\s]$/.test(next) && add(next)) return;
        setProblem(null);
        setText(next);
      }}
      onChange={(_, next, reason) => {
        if (reason === 'createOption') {
          add(String(next[next.length - 1] ?? ''));
          return;
        }
        onChange(next.map(String));
      }}
      onBlur={() => {
        add(text);
        onBlur();
      }}
      renderValue={(origins, getItemProps) =>
        origins.map((origin, index) => {
          const { key, ...itemProps } = getItemProps({ index });
          return (
            <Chip key={key} label={<ForeignText value={origin} />} size="small" {...itemProps} />
          );
        })
      }
      renderInput={(params) => (
        <TextField
          {...params}
          inputRef={inputRef}
          label="Allowed sites"
          required
          placeholder={value.length === 0 ? 'https://www.example.com' : undefined}
          error={Boolean(problem ?? error)}
          helperText={
            problem ??
            error ??
            `The exact origins of the pages that embed the player (Enter adds one): https unless you write http://, and a port only if it is not the default one. To test on this machine, enter ${localOrigin()} (a host name: 127.0.0.1 cannot be listed). Pages of any other scheme, host or port are refused; a token is bound to the host name of the site that asked.`
          }
        />
      )}
    />
  );
}
