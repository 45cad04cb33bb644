import {
  Box,
  Button,
  CardActions,
  CardContent,
  Chip,
  MenuItem,
  Select,
  Typography,
} from '@mui/material';
import { foreignLabel, type Role, ROLES, type Staff } from '@ptd/contracts';
import { CardList } from '@/components/list-page/card-list.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { ListTable, type ListColumn } from '@/components/list-page/list-table.tsx';
import { formatRelative } from '@/lib/format.ts';
import { RouterLink } from '@/lib/navigation.tsx';
import { useTableTime } from '@/lib/table-time-zone.ts';
import { ROLE_LABELS } from '@/lib/auth/roles.ts';
import { StackedTime } from '@/components/stacked-time.tsx';
import { StaffMoreMenu } from './staff-more-menu.tsx';

export interface StaffListProps {
  staff: Staff[];
  currentUserId: string | undefined;
  /** The account whose change is being saved. */
  pendingId: string | null;
  compact: boolean;
  onRoleChange: (member: Staff, role: Role) => void;
  onToggleAccess: (member: Staff) => void;
  onShowSessions: (member: Staff) => void;
  onResetPassword: (member: Staff) => void;
  onResetTwoFactor: (member: Staff) => void;
}

export function StaffList({ staff, compact, ...rest }: StaffListProps) {
  const columns: ListColumn<Staff>[] = [
    // Room for a name and an address as most are, so that they break at a space or not at
    // all; only one longer than that breaks where it must.
    {
      header: 'Name',
      cell: (member) => <NameText member={member} isSelf={member.id === rest.currentUserId} />,
      sx: { minWidth: 150 },
    },
    {
      header: 'Email',
      cell: (member) => member.email,
      sx: { minWidth: 200 },
      cellSx: { overflowWrap: 'anywhere' },
    },
    { header: 'Role', cell: (member) => <RoleSelect member={member} {...rest} /> },
    { header: 'Status', cell: (member) => <StatusChip member={member} /> },
    { header: 'Created', cell: (member) => <When value={member.createdAt} /> },
    {
      header: 'Last sign-in',
      headProps: { sx: { whiteSpace: 'nowrap' } },
      cell: (member) =>
        member.lastSignInAt ? (
          <When value={member.lastSignInAt} />
        ) : (
          <Typography variant="body2" color="text.secondary">
            Never
          </Typography>
        ),
    },
    {
      header: 'Actions',
      align: 'right',
      cell: (member) => (
        <Box sx={{ display: 'inline-flex', gap: 1, alignItems: 'center' }}>
          <RowButtons member={member} {...rest} />
        </Box>
      ),
    },
  ];
  if (compact)
    return (
      <CardList
        label="Staff"
        items={staff}
        card={(member) => <StaffCard member={member} {...rest} />}
      />
    );
  return (
    <ListTable
      label="Staff"
      items={staff}
      columns={columns}
      tableSx={{ minWidth: 900 }}
      rowSx={{ '& > td': { py: 1 } }}
    />
  );
}

function StaffCard({ member, ...rest }: RowProps) {
  const time = useTableTime();
  return (
    <>
      <CardContent sx={{ pb: 1 }}>
        <Box sx={{ display: 'flex', justifyContent: 'space-between', gap: 1, mb: 0.5 }}>
          <NameText member={member} isSelf={member.id === rest.currentUserId} />
          <StatusChip member={member} />
        </Box>
        <Typography
          variant="body2"
          color="text.secondary"
          sx={{ overflowWrap: 'anywhere', mb: 1.5 }}
        >
          <ForeignText value={member.email} />
        </Typography>
        <Typography variant="body2" color="text.secondary">
          Created {time.short(member.createdAt)} · Last sign-in{' '}
          {member.lastSignInAt ? formatRelative(member.lastSignInAt) : 'never'}
        </Typography>
      </CardContent>
      <CardActions sx={{ justifyContent: 'space-between', px: 2, pb: 1.5 }}>
        <RoleSelect member={member} {...rest} />
        <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
          <RowButtons member={member} {...rest} />
        </Box>
      </CardActions>
    </>
  );
}

/** Sessions, Enable/Disable and the row's menu, in the table's last column or a card's foot. */
function RowButtons(props: RowProps) {
  return (
    <>
      <SessionsButton {...props} />
      <AccessButton {...props} />
      <MoreMenu {...props} />
    </>
  );
}

type RowProps = Omit<StaffListProps, 'staff' | 'compact'> & { member: Staff };

function RoleSelect({ member, currentUserId, pendingId, onRoleChange }: RowProps) {
  const isSelf = member.id === currentUserId;
  return (
    <Select
      size="small"
      value={member.role}
      disabled={isSelf || pendingId === member.id}
      onChange={(event) => onRoleChange(member, event.target.value as Role)}
      inputProps={{ 'aria-label': `Role of ${foreignLabel(member.displayName)}` }}
      sx={{ minWidth: 120 }}
    >
      {ROLES.map((role) => (
        <MenuItem key={role} value={role}>
          {ROLE_LABELS[role]}
        </MenuItem>
      ))}
    </Select>
  );
}

function AccessButton({ member, currentUserId, pendingId, onToggleAccess }: RowProps) {
  // Disabling your own account would lock you out mid-session.
  if (member.id === currentUserId) return null;
  return (
    <Button
      size="small"
      variant="outlined"
      color={member.disabled ? 'primary' : 'error'}
      disabled={pendingId === member.id}
      onClick={() => onToggleAccess(member)}
      aria-label={`${member.disabled ? 'Enable' : 'Disable'} ${foreignLabel(member.displayName)}`}
    >
      {member.disabled ? 'Enable' : 'Disable'}
    </Button>
  );
}

function MoreMenu({ member, currentUserId, onResetPassword, onResetTwoFactor }: RowProps) {
  // Your own password and two-factor are in the account menu, behind your current password.
  if (member.id === currentUserId) return null;
  // Accounts of the identity provider have no password or two-factor sign-in here.
  if (member.singleSignOn) return null;
  return (
    <StaffMoreMenu
      member={member}
      onResetPassword={onResetPassword}
      onResetTwoFactor={onResetTwoFactor}
    />
  );
}

function SessionsButton({ member, currentUserId, onShowSessions }: RowProps) {
  // Your own sessions have their own page, which also marks the one you are using.
  const own = member.id === currentUserId;
  return (
    <Button
      size="small"
      variant="outlined"
      aria-label={own ? 'Your sessions' : `Sessions of ${foreignLabel(member.displayName)}`}
      {...(own
        ? { component: RouterLink, to: '/account/sessions' }
        : { onClick: () => onShowSessions(member) })}
    >
      Sessions
    </Button>
  );
}

function NameText({ member, isSelf }: { member: Staff; isSelf: boolean }) {
  return (
    // A name without spaces breaks anywhere rather than running out of the card on a phone.
    <Typography variant="body2" sx={{ fontWeight: 600, overflowWrap: 'anywhere' }}>
      <ForeignText value={member.displayName} />
      {isSelf && (
        <Typography component="span" variant="body2" color="text.secondary">
          {' '}
          (you)
        </Typography>
      )}
    </Typography>
  );
}

function StatusChip({ member }: { member: Staff }) {
  return (
    <Box sx={{ display: 'inline-flex', gap: 0.5, flexWrap: 'wrap' }}>
      {member.disabled ? (
        <Chip size="small" variant="outlined" label="Disabled" />
      ) : (
        <Chip size="small" variant="outlined" color="success" label="Active" />
      )}
      {member.twoFactor && <Chip size="small" variant="outlined" label="Two-factor" />}
      {member.singleSignOn && (
        <Chip size="small" variant="outlined" color="info" label="Single sign-on" />
      )}
    </Box>
  );
}

function When({ value }: { value: string }) {
  const time = useTableTime();
  return (
    <StackedTime value={value} primary={time.short(value)} secondary={time.otherLong(value)} />
  );
}
