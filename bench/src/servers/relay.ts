import { forward, serve } from './forward.ts';

/**
 * The floor the BFF is compared with: a bare node:http handler that forwards the request body
 * to the token service with the BFF's HTTP client and answers with what came back. No session,
 * no validation, no ledger, no logs, no JSON parsing: whatever any relay of these requests must
 * do, and nothing more.
 */
serve((body, answer) => forward(body, answer));
