// What "Check rows" shows, in a chunk of its own: it loads while the page is idle.
export { BulkNonPublicIps } from './bulk-non-public-ips.tsx';
export { BulkPreview } from './bulk-preview.tsx';
