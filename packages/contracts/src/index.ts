export * from './api.ts';
export * from './claims.ts';
export * from './nanostream.ts';
export * from './player.ts';
export * from './restrictions.ts';
export * from './token-request.ts';
export * from './upstream-mapping.ts';
