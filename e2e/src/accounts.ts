export interface Account {
  email: string;
  password: string;
}

/** The admin the browser tests sign in as; passed to `pnpm start` as ADMIN_EMAIL/ADMIN_PASSWORD. */
export const ADMIN: Account = { email: 'admin@example.com', password: 'e2e correct horse battery' };
