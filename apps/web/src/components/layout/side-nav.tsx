import {
  List,
  ListItem,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  ListSubheader,
} from '@mui/material';
import { RouterLink, useLocation } from '@/lib/navigation.tsx';
import type { NavItem, NavSection } from './nav-types.ts';

/** Whether the item is the current section: its page, or (unless `end`) a page under it. */
function isCurrent(item: NavItem, pathname: string) {
  const path = pathname.replace(/(.)\/+$/, '$1').toLowerCase();
  const to = item.to.toLowerCase();
  return path === to || (!item.end && path.startsWith(`${to}/`));
}

function NavLinkItem({ item, onNavigate }: { item: NavItem; onNavigate?: () => void }) {
  const current = isCurrent(item, useLocation().pathname);
  // The link sits in an <li>: a list may only contain list items.
  return (
    <ListItem disablePadding sx={{ display: 'block' }}>
      <ListItemButton
        component={RouterLink}
        to={item.to}
        selected={current}
        aria-current={current ? 'page' : undefined}
        onClick={onNavigate}
        sx={{ mb: 0.5 }}
      >
        <ListItemIcon>{item.icon}</ListItemIcon>
        <ListItemText primary={item.label} />
      </ListItemButton>
    </ListItem>
  );
}

/** The dashboard's sections; the current one is marked for sighted and screen-reader users. */
export function SideNav({
  sections,
  onNavigate,
}: {
  sections: NavSection[];
  onNavigate?: () => void;
}) {
  return (
    <nav aria-label="Main">
      {sections.map((section, index) => (
        <List
          key={section.title ?? index}
          dense
          sx={{ px: 1.5, pt: index === 0 ? 1.5 : 0.5 }}
          subheader={
            section.title ? (
              <ListSubheader
                disableSticky
                sx={{ bgcolor: 'transparent', lineHeight: 2.5, px: 1, fontWeight: 600 }}
              >
                {section.title}
              </ListSubheader>
            ) : undefined
          }
        >
          {section.items.map((item) => (
            <NavLinkItem key={item.to} item={item} onNavigate={onNavigate} />
          ))}
        </List>
      ))}
    </nav>
  );
}
