import {
  Box,
  Button,
  CardActions,
  CardContent,
  Chip,
  MenuItem,
  Select,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { ROLES, type Role, type Staff } from '@ptd/contracts';
import { CardList, CardListItem } from '@/components/list-page/card-list.tsx';
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

export function StaffList(props: StaffListProps) {
  return props.compact ? <StaffCards {...props} /> : <StaffTable {...props} />;
}

function StaffTable({ staff, ...rest }: StaffListProps) {
  return (
    <TableContainer>
      <Table size="small" aria-label="Staff" sx={{ minWidth: 900 }}>
        <TableHead>
          <TableRow>
            <TableCell>Name</TableCell>
            <TableCell>Email</TableCell>
            <TableCell>Role</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Created</TableCell>
            <TableCell>Last sign-in</TableCell>
            <TableCell align="right">Actions</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {staff.map((member) => (
            <TableRow key={member.id} sx={{ '& > td': { py: 1 } }}>
              <TableCell>
                <NameText member={member} isSelf={member.id === rest.currentUserId} />
              </TableCell>
              <TableCell sx={{ overflowWrap: 'anywhere' }}>{member.email}</TableCell>
              <TableCell>
                <RoleSelect member={member} {...rest} />
              </TableCell>
              <TableCell>
                <StatusChip member={member} />
              </TableCell>
              <TableCell>
                <When value={member.createdAt} />
              </TableCell>
              <TableCell>
                {member.lastSignInAt ? (
                  <When value={member.lastSignInAt} />
                ) : (
                  <Typography variant="body2" color="text.secondary">
                    Never
                  </Typography>
                )}
              </TableCell>
              <TableCell align="right">
                <Box sx={{ display: 'inline-flex', gap: 1, alignItems: 'center' }}>
                  <SessionsButton member={member} {...rest} />
                  <AccessButton member={member} {...rest} />
                  <MoreMenu member={member} {...rest} />
                </Box>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}

function StaffCards({ staff, ...rest }: StaffListProps) {
  const time = useTableTime();
  return (
    <CardList label="Staff">
      {staff.map((member) => (
        <CardListItem key={member.id}>
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
              {member.email}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              Created {time.short(member.createdAt)} · Last sign-in{' '}
              {member.lastSignInAt ? formatRelative(member.lastSignInAt) : 'never'}
            </Typography>
          </CardContent>
          <CardActions sx={{ justifyContent: 'space-between', px: 2, pb: 1.5 }}>
            <RoleSelect member={member} {...rest} />
            <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
              <SessionsButton member={member} {...rest} />
              <AccessButton member={member} {...rest} />
              <MoreMenu member={member} {...rest} />
            </Box>
          </CardActions>
        </CardListItem>
      ))}
    </CardList>
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
      inputProps={{ 'aria-label': `Role of ${member.displayName}` }}
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
      aria-label={`${member.disabled ? 'Enable' : 'Disable'} ${member.displayName}`}
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
      aria-label={own ? 'Your sessions' : `Sessions of ${member.displayName}`}
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
    <Typography variant="body2" sx={{ fontWeight: 600 }}>
      {member.displayName}
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
