/**
 * Inline CSS of the playout page. Everything is self-contained (no fonts, images or
 * scripts) so the page works offline and under a `default-src 'none'` CSP.
 */
export const PAGE_STYLE = `
:root { color-scheme: light dark; font-family: system-ui, sans-serif; line-height: 1.5; }
body { margin: 0; padding: 1.5rem; background: Canvas; color: CanvasText; }
main { max-width: 60rem; margin: 0 auto; }
h1 { margin: 0 0 .5rem; font-size: 1.75rem; }
.allowed h1 { color: #1b7f3b; }
.denied h1 { color: #b3261e; }
@media (prefers-color-scheme: dark) { .allowed h1 { color: #7ddc9a; } .denied h1 { color: #ffb4ab; } }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1rem; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
code { font-family: ui-monospace, monospace; }
.error { padding: .75rem 1rem; border-left: .35rem solid #b3261e; background: color-mix(in srgb, #b3261e 10%, Canvas); }
.screen { position: relative; aspect-ratio: 16 / 9; max-width: 40rem; overflow: hidden; border-radius: .5rem;
  background: linear-gradient(90deg, #c0c0c0 0 14.28%, #c0c000 0 28.56%, #00c0c0 0 42.84%,
    #00c000 0 57.12%, #c000c0 0 71.4%, #c00000 0 85.68%, #0000c0 0); }
.sweep { position: absolute; inset: 0 auto 0 0; width: 12%; background: rgb(255 255 255 / .75);
  animation: sweep 3s linear infinite alternate; }
.badge { position: absolute; left: 1rem; bottom: 1rem; padding: .25rem .75rem; border-radius: .25rem;
  background: #000c; color: #fff; font: 600 1rem/1.4 ui-monospace, monospace; animation: pulse 1s steps(2) infinite; }
@keyframes sweep { from { transform: translateX(0); } to { transform: translateX(733%); } }
@keyframes pulse { 50% { opacity: .55; } }
@media (prefers-reduced-motion: reduce) { .sweep { animation-duration: 12s; } .badge { animation: none; } }
`;
