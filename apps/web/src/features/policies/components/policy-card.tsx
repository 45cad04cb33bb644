import EditOutlinedIcon from '@mui/icons-material/EditOutlined';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import ListAltOutlinedIcon from '@mui/icons-material/ListAltOutlined';
import OpenInNewIcon from '@mui/icons-material/OpenInNew';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Box,
  Button,
  Card,
  CardActions,
  CardContent,
  Chip,
  Typography,
} from '@mui/material';
import {
  foreignLabel,
  type PlaybackPolicy,
  type PlayerConfig,
  viewerExampleUrl,
} from '@ptd/contracts';
import { DetailGrid, DetailRow } from '@/components/detail-list.tsx';
import { ForeignText } from '@/components/foreign-text.tsx';
import { groupIdOf, TargetName } from '@/components/stream-group-name.tsx';
import { RouterLink } from '@/lib/navigation.tsx';
import { useTableTime } from '@/lib/table-time-zone.ts';
import { useStreamGroup } from '@/features/tokens/api/stream-groups.ts';
import {
  describeBinding,
  describeIdentity,
  describeJwksKeys,
  describeLifetime,
} from './policy-labels.ts';
import { PolicySnippets } from './policy-snippets.tsx';

interface PolicyCardProps {
  policy: PlaybackPolicy;
  player: PlayerConfig;
  origin: string;
  canManage: boolean;
  pending: boolean;
  onEdit: (policy: PlaybackPolicy) => void;
  onToggle: (policy: PlaybackPolicy) => void;
}

/** One policy: what its tokens carry, who may ask, and the snippet for the customer's page. */
export function PolicyCard({
  policy,
  player,
  origin,
  canManage,
  pending,
  onEdit,
  onToggle,
}: PolicyCardProps) {
  const headingId = `policy-${policy.id}`;
  const name = foreignLabel(policy.name);
  const group = useStreamGroup(groupIdOf(policy.target)).data;
  const time = useTableTime();
  return (
    <Card component="li" variant="outlined" aria-labelledby={headingId} sx={{ listStyle: 'none' }}>
      <CardContent sx={{ pb: 1 }}>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, flexWrap: 'wrap', mb: 1.5 }}>
          <Typography id={headingId} variant="h2" component="h2" sx={{ fontSize: '1.125rem' }}>
            <ForeignText value={policy.name} />
          </Typography>
          {policy.enabled ? (
            <Chip size="small" color="success" variant="outlined" label="Enabled" />
          ) : (
            <Chip size="small" variant="outlined" label="Disabled" />
          )}
        </Box>
        <DetailGrid labelWidth={160}>
          <DetailRow label="Plays">
            <TargetName target={policy.target} group={group} />
          </DetailRow>
          <DetailRow label="Token lifetime">{describeLifetime(policy.lifetimeMinutes)}</DetailRow>
          <DetailRow label="Allowed sites">
            <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
              {policy.allowedOrigins.map((origin) => (
                <Chip key={origin} size="small" label={<ForeignText value={origin} />} />
              ))}
            </Box>
          </DetailRow>
          <DetailRow label="Client IP">{describeBinding(policy)}</DetailRow>
          <DetailRow label="Viewer identity">
            <ForeignText value={describeIdentity(policy.identity)} />
            {policy.identity.mode === 'jwks' && (
              <Box component="span" sx={{ display: 'block', color: 'text.secondary' }}>
                <ForeignText value={describeJwksKeys(policy.identity.keys)} />
              </Box>
            )}
          </DetailRow>
          <DetailRow label="Token options">
            {[
              policy.revocable ? 'Revocable' : 'Not revocable',
              policy.forceDisconnect ? 'force disconnect at expiry' : null,
              policy.tag ? `tag “${policy.tag}”` : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </DetailRow>
          <DetailRow label="Last changed">
            <time dateTime={policy.updatedAt}>{time.short(policy.updatedAt)}</time>
            {policy.updatedBy && (
              <>
                {' by '}
                <ForeignText value={policy.updatedBy.displayName} />
              </>
            )}
            <Box component="span" sx={{ display: 'block', color: 'text.secondary' }}>
              {time.otherLong(policy.updatedAt)}
            </Box>
          </DetailRow>
        </DetailGrid>
      </CardContent>
      <CardActions sx={{ px: 2, pb: 1.5, gap: 1, flexWrap: 'wrap' }}>
        {canManage && (
          <>
            <Button
              size="small"
              variant="outlined"
              startIcon={<EditOutlinedIcon />}
              onClick={() => onEdit(policy)}
              aria-label={`Edit ${name}`}
            >
              Edit
            </Button>
            <Button
              size="small"
              variant="outlined"
              color={policy.enabled ? 'error' : 'primary'}
              disabled={pending}
              onClick={() => onToggle(policy)}
              aria-label={`${policy.enabled ? 'Disable' : 'Enable'} ${name}`}
            >
              {policy.enabled ? 'Disable' : 'Enable'}
            </Button>
          </>
        )}
        <Button
          size="small"
          startIcon={<ListAltOutlinedIcon />}
          component={RouterLink}
          to={`/tokens?policy=${encodeURIComponent(policy.id)}`}
          aria-label={`Issued tokens under ${name}`}
        >
          Issued tokens
        </Button>
        {policy.enabled && playsHere(policy, origin) && (
          // One click to see the policy at work: the dashboard's own example viewer page.
          <Button
            size="small"
            startIcon={<OpenInNewIcon />}
            href={viewerExampleUrl(origin, policy.id)}
            target="_blank"
            rel="noopener"
            aria-label={`Try it: the example viewer page for ${name}`}
          >
            Try it
          </Button>
        )}
      </CardActions>
      <Accordion disableGutters elevation={0} sx={{ borderTop: 1, borderColor: 'divider' }}>
        <AccordionSummary
          expandIcon={<ExpandMoreIcon />}
          aria-label={`Snippet for your web page: ${name}`}
        >
          {/* The accordion's own h3 is the heading; the text only looks like a subtitle. */}
          <Typography variant="subtitle2" component="span">
            Snippet for your web page
          </Typography>
        </AccordionSummary>
        <AccordionDetails>
          <PolicySnippets policy={policy} player={player} origin={origin} />
        </AccordionDetails>
      </Accordion>
    </Card>
  );
}

/**
 * Whether the example viewer page, served by this dashboard, is one of the policy's sites
 * (opened on 127.0.0.1 it moves to localhost, which a policy can list).
 */
function playsHere(policy: PlaybackPolicy, origin: string) {
  const url = new URL(origin);
  const local = `${url.protocol}//localhost${url.port ? `:${url.port}` : ''}`;
  const loopback = url.hostname === '127.0.0.1' || url.hostname === '[::1]';
  return (
    policy.allowedOrigins.includes(origin) || (loopback && policy.allowedOrigins.includes(local))
  );
}
