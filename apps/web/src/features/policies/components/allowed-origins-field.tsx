import { Autocomplete, Chip, TextField } from '@mui/material';
import { normaliseDomain, POLICY_LIMITS } from '@ptd/contracts';
import { useState, type Ref } from 'react';

interface AllowedOriginsFieldProps {
  value: string[];
  onChange: (hosts: string[]) => void;
  onBlur: () => void;
  inputRef: Ref<HTMLInputElement>;
  error?: string;
}

/**
 * Host names as chips: typed or pasted (a URL keeps only its host), added with Enter, a comma
 * or on leaving the field. A name the domain rules refuse is explained and not added.
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
    const hosts = [...value];
    for (const entry of entries) {
      const check = normaliseDomain(entry);
      if (!check.ok) {
        setProblem(`Allowed origins: ${check.reason}`);
        return false;
      }
      const host = check.host.replace(/\.$/, '');
      if (!hosts.includes(host)) hosts.push(host);
    }
    setProblem(null);
    onChange(hosts.slice(0, POLICY_LIMITS.maxOrigins));
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
      renderValue={(hosts, getItemProps) =>
        hosts.map((host, index) => {
          const { key, ...itemProps } = getItemProps({ index });
          return <Chip key={key} label={host} size="small" {...itemProps} />;
        })
      }
      renderInput={(params) => (
        <TextField
          {...params}
          inputRef={inputRef}
          label="Allowed sites"
          required
          placeholder={value.length === 0 ? 'www.example.com' : undefined}
          error={Boolean(problem ?? error)}
          helperText={
            problem ??
            error ??
            'Exact host names of the pages that embed the player (Enter adds one). A token is bound to the site that asked for it; requests from other sites are refused.'
          }
        />
      )}
    />
  );
}
