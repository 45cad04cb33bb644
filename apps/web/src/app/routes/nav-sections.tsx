import GroupOutlinedIcon from '@mui/icons-material/GroupOutlined';
import HistoryOutlinedIcon from '@mui/icons-material/HistoryOutlined';
import InsightsOutlinedIcon from '@mui/icons-material/InsightsOutlined';
import ListAltOutlinedIcon from '@mui/icons-material/ListAltOutlined';
import LiveTvOutlinedIcon from '@mui/icons-material/LiveTvOutlined';
import ManageSearchOutlinedIcon from '@mui/icons-material/ManageSearchOutlined';
import PolicyOutlinedIcon from '@mui/icons-material/PolicyOutlined';
import VpnKeyOutlinedIcon from '@mui/icons-material/VpnKeyOutlined';
import type { Permission } from '@ptd/contracts';
import type { NavSection } from '@/components/layout/nav-types.ts';

/**
 * The side navigation for what the signed-in role may do (`useCan`): only roles that may create tokens get the create page (a
 * viewer reaching it by URL is told why there is no form); admins also get Staff and the Audit
 * Log.
 */
export function navSections(can: (permission: Permission) => boolean): NavSection[] {
  const sections: NavSection[] = [
    {
      items: [
        { to: '/', label: 'Event overview', icon: <InsightsOutlinedIcon />, end: true },
        { to: '/streams', label: 'Streams', icon: <LiveTvOutlinedIcon /> },
      ],
    },
    {
      title: 'Secure playback',
      items: [
        ...(can('createToken')
          ? [{ to: '/tokens/new', label: 'Secure playback token', icon: <VpnKeyOutlinedIcon /> }]
          : []),
        { to: '/tokens', label: 'Playback tokens', icon: <ListAltOutlinedIcon />, end: true },
        { to: '/policies', label: 'Playback policies', icon: <PolicyOutlinedIcon /> },
        { to: '/inspector', label: 'Token inspector', icon: <ManageSearchOutlinedIcon /> },
      ],
    },
  ];
  const admin = [
    ...(can('manageStaff') ? [{ to: '/staff', label: 'Staff', icon: <GroupOutlinedIcon /> }] : []),
    ...(can('readAudit')
      ? [{ to: '/audit', label: 'Audit log', icon: <HistoryOutlinedIcon /> }]
      : []),
  ];
  if (admin.length > 0) sections.push({ title: 'Administration', items: admin });
  return sections;
}
