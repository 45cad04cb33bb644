import {
  Alert,
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  FormHelperText,
  Link,
} from '@mui/material';
import { describeNonPublicIPv4, looksLikeIPv6 } from '@ptd/contracts';
import { useId } from 'react';
import { Controller, useFormContext, useWatch } from 'react-hook-form';
import { TokenTextField } from './token-text-field.tsx';
import type { TokenFormInput } from './types.ts';

const IPIFY = 'https://api.ipify.org';

/**
 * The client IP binding. The edge compares it with each viewer's public IPv4 address, so a
 * private or special address is allowed only once confirmed (a lab network), an IPv6 address
 * gets nanoStream's advice, and this device's own public IPv4 is offered when the server saw one.
 */
export function ClientIpField({ deviceIpv4 }: { deviceIpv4: string | null }) {
  const { control, formState, setValue } = useFormContext<TokenFormInput>();
  const ip = (useWatch({ control, name: 'ip' }) ?? '').trim();
  const special = describeNonPublicIPv4(ip);
  const confirmError = formState.isSubmitted ? formState.errors.ipConfirmedFor : undefined;
  const confirmErrorId = useId();
  const adviceId = useId();

  return (
    <Box sx={{ display: 'grid', gap: 1, alignContent: 'start' }}>
      <TokenTextField
        name="ip"
        label="Client IP"
        placeholder="203.0.113.7"
        hint={
          special
            ? `${special}. Viewers reach nanoStream from their public address, so this token never plays outside that network.`
            : 'One public IPv4 address: only it can play.'
        }
        htmlInput={{ inputMode: 'decimal', spellCheck: false }}
      />
      {special && (
        <Controller
          control={control}
          name="ipConfirmedFor"
          render={({ field }) => (
            <Alert
              severity="warning"
              role="group"
              aria-label="Confirm the client IP"
              sx={{ py: 0 }}
            >
              <FormControlLabel
                control={
                  <Checkbox
                    size="small"
                    checked={field.value === ip}
                    onChange={(event) => field.onChange(event.target.checked ? ip : undefined)}
                    inputRef={field.ref}
                    slotProps={{
                      input: { 'aria-describedby': confirmError ? confirmErrorId : undefined },
                    }}
                  />
                }
                label="Use this address anyway (a lab network)"
              />
              {confirmError && (
                <FormHelperText error id={confirmErrorId} sx={{ mt: 0, mb: 1 }}>
                  {confirmError.message}
                </FormHelperText>
              )}
            </Alert>
          )}
        />
      )}
      {looksLikeIPv6(ip) && (
        <Alert severity="info" role="note" aria-labelledby={adviceId}>
          <Box component="strong" id={adviceId} sx={{ display: 'block' }}>
            IPv6 viewers
          </Box>
          nanoStream Cloud streams over IPv4: a viewer on IPv6 reaches it through NAT64, so the
          token needs the viewer’s public IPv4 address. The viewer can look it up at{' '}
          <Link href={IPIFY} target="_blank" rel="noreferrer noopener">
            api.ipify.org
          </Link>
          .
        </Alert>
      )}
      {deviceIpv4 && deviceIpv4 !== ip && (
        <Box>
          <Button
            size="small"
            onClick={() => setValue('ip', deviceIpv4, { shouldDirty: true, shouldValidate: true })}
          >
            Use this device’s public IPv4 ({deviceIpv4})
          </Button>
        </Box>
      )}
    </Box>
  );
}
