import { NANO_ERROR } from '@ptd/contracts';
import type { FastifyReply } from 'fastify';

export interface NanoErrorBody {
  errorCode: number;
  message: string;
}

/**
 * Codes the reference leaves open (see README "Choices"). 2001 is "Access denied" from the
 * legacy bintu list; 2002 is our pick for a missing `secure` package, next to it.
 */
export const EMU_ERROR = {
  accessDenied: { errorCode: 2001, message: 'Access denied' },
  secureNotEnabled: {
    errorCode: 2002,
    message: 'Organisation is not enabled for secure playback',
  },
} as const;

export const parameterRequired = (what: string): NanoErrorBody => ({
  errorCode: NANO_ERROR.parameterRequired.errorCode,
  message: `${NANO_ERROR.parameterRequired.message}: ${what}`,
});

/** Same code as a missing parameter (the reference has only 1000 for bad input). */
export const parameterInvalid = (what: string): NanoErrorBody => ({
  errorCode: NANO_ERROR.parameterRequired.errorCode,
  message: `Parameter invalid: ${what}`,
});

/** Token-service envelope: `{"success":false,"errorCode":n,"message":"..."}`. */
export function sendNanoError(reply: FastifyReply, status: number, error: NanoErrorBody) {
  return reply
    .code(status)
    .send({ success: false, errorCode: error.errorCode, message: error.message });
}

export interface BintuErrorSpec {
  status: number;
  code: number;
  message: string;
}

/** Legacy bintu envelope `{"error":{"message","code"}}` with codes from its published list. */
export const BINTU_ERROR = {
  credentials: { status: 401, code: 4002, message: 'User Credentials are not valid' },
  accessDenied: { status: 403, code: 2001, message: 'Access denied' },
  streamNotFound: { status: 404, code: 3001, message: 'Stream not found' },
} as const satisfies Record<string, BintuErrorSpec>;

export const bintuWrongType = (detail: string): BintuErrorSpec => ({
  status: 400,
  code: 1004,
  message: `Wrong Data Type: ${detail}`,
});

export function sendBintuError(reply: FastifyReply, spec: BintuErrorSpec) {
  return reply.code(spec.status).send({ error: { message: spec.message, code: spec.code } });
}
