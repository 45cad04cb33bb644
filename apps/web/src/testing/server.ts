import { setupServer } from 'msw/node';
import { defaultHandlers } from './handlers.ts';

/** msw stands in for the BFF in component tests; each test adds or overrides handlers. */
export const server = setupServer(...defaultHandlers);
