import AutorenewIcon from '@mui/icons-material/Autorenew';
import VisibilityIcon from '@mui/icons-material/Visibility';
import VisibilityOffIcon from '@mui/icons-material/VisibilityOff';
import {
  Box,
  Button,
  FormControl,
  FormControlLabel,
  FormLabel,
  IconButton,
  InputAdornment,
  Radio,
  RadioGroup,
  TextField,
  Tooltip,
} from '@mui/material';
import {
  controlCharactersNote,
  POLICY_LIMITS,
  type IdentityMode,
  type PolicyRequestInput,
} from '@ptd/contracts';
import { useId, useRef, useState } from 'react';
import { useFormContext, useWatch, type FieldError } from 'react-hook-form';
import { CopyButton } from '@/components/copy-button.tsx';
import { monospace } from '@/lib/theme.ts';
import { FieldPair, FormSection } from '@/components/form-section.tsx';
import { generateSecret } from './generate-secret.ts';

interface IdentityErrors {
  secret?: FieldError;
  jwksUrl?: FieldError;
  issuer?: FieldError;
  audience?: FieldError;
}

const MAX_AGE_MINUTES = POLICY_LIMITS.identityMaxAgeSeconds / 60;

/**
 * Whether viewers must be signed in at the customer's site, and how their identity JWT is
 * checked. The secret is write-only: once saved it is never shown again, only replaced.
 */
export function IdentitySection({ secretSet }: { secretSet: boolean }) {
  const { control, register, setValue, getValues, formState } =
    useFormContext<PolicyRequestInput>();
  const mode = useWatch({ control, name: 'identity.mode' }) ?? 'none';
  const secret = useWatch({ control, name: 'identity.secret' }) ?? '';
  const [issuer, audience] = useWatch({ control, name: ['identity.issuer', 'identity.audience'] });
  const issuerNote = controlCharactersNote(issuer ?? undefined);
  const audienceNote = controlCharactersNote(audience ?? undefined);
  const labelId = useId();
  const [shown, setShown] = useState(false);
  const errors = formState.errors.identity as IdentityErrors | undefined;
  const remembered = useRef({ jwksUrl: '', issuer: '', audience: '' });

  const switchTo = (next: IdentityMode) => {
    const current = getValues('identity');
    if (current && current.mode !== 'none') {
      remembered.current = {
        jwksUrl: current.mode === 'jwks' ? current.jwksUrl : remembered.current.jwksUrl,
        issuer: current.issuer ?? '',
        audience: current.audience ?? '',
      };
    }
    const { jwksUrl, issuer, audience } = remembered.current;
    setValue(
      'identity',
      next === 'none'
        ? { mode: 'none' }
        : next === 'secret'
          ? { mode: 'secret', secret: '', issuer, audience }
          : { mode: 'jwks', jwksUrl, issuer, audience },
      { shouldDirty: true, shouldValidate: formState.isSubmitted },
    );
  };

  const generate = () => {
    setValue('identity.secret', generateSecret(), { shouldDirty: true, shouldValidate: true });
    setShown(true);
  };

  return (
    <FormSection
      title="Viewer identity"
      description={`Ask for a signed-in viewer: the site signs a short-lived JWT (sub = user id, exp, iat at most ${MAX_AGE_MINUTES} minutes old) and the subject becomes the token’s user.`}
    >
      <FormControl>
        <FormLabel id={labelId}>Viewer identity</FormLabel>
        <RadioGroup
          aria-labelledby={labelId}
          value={mode}
          onChange={(event) => switchTo(event.target.value as IdentityMode)}
        >
          <FormControlLabel value="none" control={<Radio />} label="Not required" />
          <FormControlLabel
            value="secret"
            control={<Radio />}
            label="Required, signed with a shared secret (HS256)"
          />
          <FormControlLabel
            value="jwks"
            control={<Radio />}
            label="Required, checked with the site’s public keys (JWKS URL)"
          />
        </RadioGroup>
      </FormControl>

      {mode === 'secret' && (
        <Box>
          <TextField
            {...register('identity.secret')}
            label="Shared secret"
            fullWidth
            type={shown ? 'text' : 'password'}
            autoComplete="new-password"
            required={!secretSet}
            placeholder={secretSet ? 'A secret is set: leave empty to keep it' : undefined}
            error={Boolean(errors?.secret)}
            helperText={
              errors?.secret?.message ??
              (secretSet
                ? 'Stored encrypted and never shown again. Enter or generate a new one to replace it.'
                : `At least ${POLICY_LIMITS.secretMinLength} characters. Give it to your site’s developers now: after saving it cannot be shown again.`)
            }
            slotProps={{
              htmlInput: { spellCheck: false, style: { fontFamily: monospace } },
              input: {
                endAdornment: (
                  <InputAdornment position="end">
                    <Tooltip title={shown ? 'Hide secret' : 'Show secret'}>
                      <IconButton
                        aria-label={shown ? 'Hide secret' : 'Show secret'}
                        onClick={() => setShown((value) => !value)}
                        edge="end"
                      >
                        {shown ? <VisibilityOffIcon /> : <VisibilityIcon />}
                      </IconButton>
                    </Tooltip>
                  </InputAdornment>
                ),
              },
            }}
          />
          <Box sx={{ display: 'flex', gap: 1, mt: 1, flexWrap: 'wrap' }}>
            <Button size="small" startIcon={<AutorenewIcon />} onClick={generate}>
              Generate secret
            </Button>
            {secret && <CopyButton text={secret} label="Copy secret" />}
          </Box>
        </Box>
      )}
      {mode === 'jwks' && (
        <TextField
          {...register('identity.jwksUrl')}
          label="JWKS URL"
          required
          placeholder="https://www.example.com/.well-known/jwks.json"
          autoComplete="off"
          error={Boolean(errors?.jwksUrl)}
          helperText={
            errors?.jwksUrl?.message ??
            'The https:// address where your site publishes the public keys it signs viewer identities with. It is loaded when you save, and the policy shows the key ids found.'
          }
          slotProps={{ htmlInput: { spellCheck: false } }}
        />
      )}
      {mode !== 'none' && (
        <FieldPair>
          <TextField
            {...register('identity.issuer')}
            label="Issuer (optional)"
            autoComplete="off"
            error={Boolean(errors?.issuer ?? issuerNote)}
            helperText={
              errors?.issuer?.message ?? issuerNote ?? 'The "iss" the identity must carry.'
            }
          />
          <TextField
            {...register('identity.audience')}
            label="Audience (optional)"
            autoComplete="off"
            error={Boolean(errors?.audience ?? audienceNote)}
            helperText={
              errors?.audience?.message ?? audienceNote ?? 'The "aud" the identity must carry.'
            }
          />
        </FieldPair>
      )}
    </FormSection>
  );
}
