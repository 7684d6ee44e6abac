import type { IssuedCredentials } from "@/lib/grants/types";

// Ways to use CLI credentials, built in the browser from the one answer that carries them (never stored anywhere).
// tccli keeps a profile in ~/.tccli/<profile>.credential (JSON: secretId, secretKey, token) and
// ~/.tccli/<profile>.configure (region, output); `tccli configure set … --profile <name>` writes both. The SDKs and
// Terraform read TENCENTCLOUD_SESSION_TOKEN, tccli reads TENCENTCLOUD_TOKEN: the exports set both.

/** A value safe inside single quotes in a POSIX shell. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'"'"'`)}'`;
}

/** The tccli profile these credentials go into: the request and the account, e.g. "lattice-jit-42-core-prod-sg-network". */
export function tccliProfileName(credentials: Pick<IssuedCredentials, "requestReference" | "account">): string {
  return `lattice-${credentials.requestReference}-${credentials.account.name}`.toLowerCase().replace(/[^a-z0-9_-]+/g, "-");
}

/** `export` lines for a shell: the SDKs, Terraform and tccli then use the credentials. */
export function exportCommands(credentials: IssuedCredentials): string {
  return [
    `export TENCENTCLOUD_SECRET_ID=${shellQuote(credentials.secretId)}`,
    `export TENCENTCLOUD_SECRET_KEY=${shellQuote(credentials.secretKey)}`,
    `export TENCENTCLOUD_SESSION_TOKEN=${shellQuote(credentials.sessionToken)}`,
    `export TENCENTCLOUD_TOKEN="$TENCENTCLOUD_SESSION_TOKEN"`,
    `export TENCENTCLOUD_REGION=${shellQuote(credentials.region)}`,
  ].join("\n");
}

/** The content of ~/.tccli/<profile>.credential. */
export function tccliCredentialFile(credentials: IssuedCredentials): string {
  return JSON.stringify({ secretId: credentials.secretId, secretKey: credentials.secretKey, token: credentials.sessionToken }, null, 4);
}

/** `tccli configure` commands that write the profile, and how to use it. */
export function tccliConfigureCommands(credentials: IssuedCredentials): string {
  const profile = tccliProfileName(credentials);
  return [
    `tccli configure set secretId ${shellQuote(credentials.secretId)} secretKey ${shellQuote(credentials.secretKey)} token ${shellQuote(credentials.sessionToken)} --profile ${profile}`,
    `tccli configure set region ${shellQuote(credentials.region)} output json --profile ${profile}`,
    `# then add --profile ${profile} to any tccli command the role allows`,
  ].join("\n");
}
