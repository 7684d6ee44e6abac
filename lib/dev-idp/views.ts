// The local identity provider's own pages: plain HTML with inline styles from our CSP-free origin, no external
// fonts or scripts (oidc-provider's built-in pages import Google Fonts, which fail offline).
import { escapeHtml } from "@/lib/core/html";

export interface LoginPerson {
  subject: string;
  name: string;
  /** Left out to demonstrate an identity provider that does not release the email claim. */
  email?: string;
  groups: string[];
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: system-ui, sans-serif; background: #f1f5f9; color: #0f172a; margin: 0; }
  main { max-width: 26rem; margin: 4rem auto; background: #fff; border: 1px solid #e2e8f0; border-radius: .5rem; padding: 1.5rem 2rem; }
  h1 { font-size: 1.25rem; margin: 0 0 .25rem; }
  p.hint { color: #475569; font-size: .875rem; }
  label { display: block; font-weight: 600; font-size: .875rem; margin-top: 1rem; }
  select, input { display: block; width: 100%; box-sizing: border-box; margin-top: .25rem; padding: .5rem; font-size: 1rem; border: 1px solid #cbd5e1; border-radius: .375rem; }
  button { margin-top: 1.25rem; width: 100%; padding: .6rem; font-size: 1rem; font-weight: 600; color: #fff; background: #0369a1; border: 0; border-radius: .375rem; cursor: pointer; }
  .error { color: #9f1239; background: #fff1f2; border: 1px solid #fecdd3; padding: .5rem .75rem; border-radius: .375rem; }
  .badge { display: inline-block; font-size: .75rem; background: #fef3c7; color: #92400e; padding: .1rem .5rem; border-radius: 999px; }
</style></head>
<body><main>${body}</main></body></html>`;
}

export function loginPage(options: {
  action: string;
  people: LoginPerson[];
  mfaRequired: boolean;
  error?: string;
  selectedSubject?: string;
}): string {
  const personOptions = options.people
    .map(
      (person) =>
        `<option value="${escapeHtml(person.subject)}"${person.subject === options.selectedSubject ? " selected" : ""}>${escapeHtml(person.name)} — ${escapeHtml(person.groups.join(", "))}</option>`,
    )
    .join("");
  return page(
    "Sign in — Lattice demo identity provider",
    `<h1>Lattice demo identity provider</h1>
<p><span class="badge">for demos and tests only</span></p>
<p class="hint">Every demo person's password is <code>lattice-demo</code>. The one-time code is <code>246810</code>: enter it to sign in with MFA, leave it empty to sign in without.</p>
${options.mfaRequired ? `<p class="error" role="alert">Lattice asks you to confirm with MFA: enter the one-time code.</p>` : ""}
${options.error ? `<p class="error" role="alert">${escapeHtml(options.error)}</p>` : ""}
<form method="post" action="${escapeHtml(options.action)}" autocomplete="off">
  <label for="subject">Person</label>
  <select id="subject" name="subject">${personOptions}</select>
  <label for="password">Password</label>
  <input id="password" name="password" type="password" required>
  <label for="otp">One-time code${options.mfaRequired ? "" : " (optional)"}</label>
  <input id="otp" name="otp" inputmode="numeric" pattern="[0-9]{6}"${options.mfaRequired ? " required" : ""}>
  <button type="submit">Sign in</button>
</form>`,
  );
}

export function errorPage(message: string): string {
  return page("Sign-in error", `<h1>Sign-in error</h1><p class="error" role="alert">${escapeHtml(message)}</p>`);
}
