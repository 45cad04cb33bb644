import {
  Alert,
  AlertTitle,
  Checkbox,
  FormControlLabel,
  FormHelperText,
  List,
  ListItem,
} from '@mui/material';
import { BULK_ISSUES_SHOWN } from '@ptd/contracts';
import { useId, type Ref } from 'react';
import { describeRowNumbers, type NonPublicRows } from './non-public-rows.ts';

export const CONFIRM_ROW_IPS_MESSAGE =
  'Client IP: confirm that you mean these addresses, or give those rows the viewers’ public IPv4 addresses.';

interface BulkNonPublicIpsProps {
  found: NonPublicRows;
  total: number;
  confirmed: boolean;
  onConfirm: (confirmed: boolean) => void;
  /** Mint was pressed without the confirmation. */
  showError: boolean;
  checkboxRef: Ref<HTMLInputElement>;
}

const n = (value: number) => value.toLocaleString('en');

/**
 * The bulk form of the token form's question about a private or special client IP: how many
 * rows carry one, which rows by address, and one confirmation for all of them.
 */
export function BulkNonPublicIps({
  found,
  total,
  confirmed,
  onConfirm,
  showError,
  checkboxRef,
}: BulkNonPublicIpsProps) {
  const titleId = useId();
  const errorId = useId();
  const { addresses } = found;
  // Many addresses scroll inside the list, which then takes the keyboard's focus to scroll.
  const scrolls = addresses.length > 6;
  return (
    <Alert severity="warning" role="group" aria-labelledby={titleId}>
      <AlertTitle id={titleId}>
        {n(found.count)} of {n(total)} rows have a client IP that is not a viewer’s public address
      </AlertTitle>
      Viewers reach nanoStream from their public address, so these tokens never play outside that
      network.
      <List
        dense
        aria-label="Rows with a non-public client IP"
        tabIndex={scrolls ? 0 : undefined}
        sx={{ maxHeight: 200, overflow: 'auto' }}
      >
        {addresses.slice(0, BULK_ISSUES_SHOWN).map(({ note, rows }) => (
          <ListItem key={note} disableGutters sx={{ py: 0.25 }}>
            {`${describeRowNumbers(rows)}: ${note}.`}
          </ListItem>
        ))}
        {addresses.length > BULK_ISSUES_SHOWN && (
          <ListItem disableGutters>
            … and {n(addresses.length - BULK_ISSUES_SHOWN)} more addresses.
          </ListItem>
        )}
      </List>
      <FormControlLabel
        control={
          <Checkbox
            size="small"
            checked={confirmed}
            onChange={(event) => onConfirm(event.target.checked)}
            inputRef={checkboxRef}
            slotProps={{ input: { 'aria-describedby': showError ? errorId : undefined } }}
          />
        }
        label="Mint these rows with these addresses anyway (a lab network)"
      />
      {showError && (
        <FormHelperText error id={errorId} sx={{ mt: 0 }}>
          {CONFIRM_ROW_IPS_MESSAGE}
        </FormHelperText>
      )}
    </Alert>
  );
}
