import { Alert, TextField } from '@mui/material';
import { normaliseDomain, TOKEN_LIMITS } from '@ptd/contracts';
import { useState, type ClipboardEvent } from 'react';
import { Controller, useFormContext, useWatch } from 'react-hook-form';
import { FieldPair, FormSection } from '@/components/form-section.tsx';
import { ClientIpField } from './client-ip-field.tsx';
import { TokenTextField } from './token-text-field.tsx';
import type { TokenFormInput } from './types.ts';

const looksLikeUrl = (text: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /[/?#]/.test(text);

const hostNote = (host: string) =>
  `Kept only the host name “${host}”: a domain restriction compares host names, without scheme, path or port.`;

const playerHost = (embedUrl: string) => {
  try {
    return new URL(embedUrl).host;
  } catch {
    return 'another domain';
  }
};

interface RestrictionsSectionProps {
  embedUrl: string;
  /** This device's public IPv4 address as the server saw it, offered for the client IP. */
  deviceIpv4: string | null;
}

/** Client IP and domain (referer) bindings. */
export function RestrictionsSection({ embedUrl, deviceIpv4 }: RestrictionsSectionProps) {
  const { control } = useFormContext<TokenFormInput>();
  const [ip, domain] = useWatch({ control, name: ['ip', 'domain'] });
  const [domainNote, setDomainNote] = useState<string | null>(null);
  const restricted = Boolean(ip?.trim() || domain?.trim());

  return (
    <FormSection
      title="Restrictions (optional)"
      description="Bind the token to one viewer address or to the website that embeds the player."
    >
      <FieldPair>
        <ClientIpField deviceIpv4={deviceIpv4} />
        <Controller
          control={control}
          name="domain"
          render={({ field, fieldState }) => {
            // A URL or a host with a port or path becomes its host name, and the field says so.
            const keepHost = (text: string) => {
              const check = normaliseDomain(text);
              if (!check.ok || check.host === text) return false;
              field.onChange(check.host);
              setDomainNote(hostNote(check.host));
              return true;
            };
            const onPaste = (event: ClipboardEvent<HTMLInputElement>) => {
              const input = event.currentTarget;
              const pasted = event.clipboardData.getData('text');
              const current = field.value ?? '';
              const start = input.selectionStart ?? current.length;
              const end = input.selectionEnd ?? current.length;
              const next = (current.slice(0, start) + pasted + current.slice(end)).trim();
              if (looksLikeUrl(next) && keepHost(next)) event.preventDefault();
            };
            const onBlur = () => {
              field.onBlur();
              const value = (field.value ?? '').trim();
              if (value) keepHost(value);
            };
            return (
              <TextField
                name={field.name}
                inputRef={field.ref}
                value={field.value ?? ''}
                onChange={(event) => {
                  setDomainNote(null);
                  field.onChange(event.target.value);
                }}
                onBlur={onBlur}
                onPaste={onPaste}
                label="Domain"
                placeholder="www.example.com"
                autoComplete="off"
                error={Boolean(fieldState.error)}
                helperText={
                  fieldState.error?.message ??
                  domainNote ??
                  'Host name of the page that embeds the player; a pasted URL is fine.'
                }
                slotProps={{ htmlInput: { spellCheck: false, autoCapitalize: 'none' } }}
              />
            );
          }}
        />
      </FieldPair>
      {restricted && (
        <Alert severity="info" role="status">
          With a client IP or domain set, the web playout link will not play the stream: that demo
          player page is served from {playerHost(embedUrl)}, so the playback request does not come
          from the address or domain the token names. Test the token in your own page.
        </Alert>
      )}
    </FormSection>
  );
}

/** User ID and a single tag: labels carried in the token. */
export function LabelsSection() {
  return (
    <FormSection
      title="Labels (optional)"
      description="Written into the token; they help to find it in Playback tokens and analytics."
    >
      <FieldPair>
        <TokenTextField
          name="user"
          label="User ID"
          placeholder="viewer-42"
          hint="Your viewer’s id, name or alias."
          htmlInput={{ maxLength: TOKEN_LIMITS.userMaxLength }}
        />
        <TokenTextField
          name="tag"
          label="Tag"
          placeholder="table 7"
          hint="A single tag, e.g. an event or customer."
          htmlInput={{ maxLength: TOKEN_LIMITS.tagMaxLength }}
        />
      </FieldPair>
    </FormSection>
  );
}
