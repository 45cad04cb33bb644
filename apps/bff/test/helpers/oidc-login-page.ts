const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The test provider's sign-in page: a plain form, labelled for tests and screen readers. */
export function renderLoginPage({ uid, error }: { uid: string; error: string | undefined }) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Local identity provider · Sign in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;background:#f3f4f6;display:grid;place-items:center;min-height:100vh;margin:0}
main{background:#fff;padding:2rem;border-radius:8px;box-shadow:0 1px 4px #0002;width:min(360px,90vw)}
label{display:block;margin:.8rem 0 .3rem}input{width:100%;padding:.5rem;box-sizing:border-box}
button{margin-top:1.2rem;width:100%;padding:.6rem;background:#1f2937;color:#fff;border:0;border-radius:4px}
.error{color:#b91c1c}
</style></head>
<body><main>
<h1>Local identity provider</h1>
<p>A test provider on this machine (oidc-provider). Demo users: ada, eddie, vera.</p>
${error ? `<p class="error" role="alert">${escape(error)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login">
<label for="login">Login</label><input id="login" name="login" autocomplete="username" required autofocus>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form></main></body></html>`;
}
