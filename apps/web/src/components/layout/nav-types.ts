import type { ReactNode } from 'react';

export interface NavItem {
  to: string;
  label: string;
  icon: ReactNode;
  /** Match the path exactly (so `/tokens` is not selected on `/tokens/new`). */
  end?: boolean;
}

export interface NavSection {
  /** Heading above the items; none for the first section. */
  title?: string;
  items: NavItem[];
}

export interface SignedInUser {
  displayName: string;
  email: string;
  /** Shown as a chip: "Admin", "Editor", "Viewer". */
  roleLabel: string;
  /** Signed in with single sign-on: no password or two-factor of the dashboard's own. */
  singleSignOn?: boolean;
}
