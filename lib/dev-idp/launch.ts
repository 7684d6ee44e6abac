// Starts the demo identity provider with the demo people and returns the settings Lattice needs to use it.
// Used by `npm run demo` and `npm test`; never by a production start.
import { randomBytes } from "node:crypto";
import { DEMO_ACCOUNT_COUNT, DEMO_GROUPS, generateMatrix } from "@/lib/matrix/demo-matrix";
import { MFA_ACR, startDevIdp, type RunningDevIdp } from "./server";
import type { LoginPerson } from "./views";

/** The demo groups' Lattice roles (AUTH_GROUP_ROLES). */
export const DEMO_GROUP_ROLES = [
  `${DEMO_GROUPS.engineer}=requester`,
  `${DEMO_GROUPS.approver}=approver`,
  `${DEMO_GROUPS.security}=security`,
  `${DEMO_GROUPS.platformAdmin}=platform-admin`,
  `${DEMO_GROUPS.auditor}=auditor`,
].join(",");

/**
 * The people of the demo matrix, plus two who show refused sign-ins: a contractor whose only group is unknown to
 * Lattice, and a person whose identity provider does not release an email address.
 */
export function demoIdpPeople(): LoginPerson[] {
  const people: LoginPerson[] = generateMatrix({ accounts: DEMO_ACCOUNT_COUNT }).users.map((user) => ({
    subject: user.subject,
    name: user.name,
    email: user.email,
    groups: user.groups,
  }));
  people.push(
    { subject: "demo-casey", name: "Casey Contractor", email: "casey@contractor.example", groups: ["contractors"] },
    { subject: "demo-noemail", name: "Robin Noemail", groups: [DEMO_GROUPS.engineer] },
  );
  return people;
}

export interface DemoIdentity {
  idp: RunningDevIdp;
  /** Environment variables that point Lattice at this identity provider. */
  env: Record<string, string>;
}

export async function startDemoIdentity(options: {
  appUrl: string;
  port: number;
  authSecret: string;
  nodeEnv?: string;
  allowProduction?: boolean;
}): Promise<DemoIdentity> {
  const clientSecret = randomBytes(24).toString("hex");
  const idp = await startDevIdp({
    port: options.port,
    clientId: "lattice-demo",
    clientSecret,
    redirectUris: [`${options.appUrl}/api/auth/callback/sso`],
    postLogoutRedirectUris: [`${options.appUrl}/signin`],
    people: demoIdpPeople(),
    nodeEnv: options.nodeEnv,
    allowProduction: options.allowProduction,
  });
  return {
    idp,
    env: {
      AUTH_URL: options.appUrl,
      AUTH_SECRET: options.authSecret,
      AUTH_OIDC_ISSUER: idp.issuer,
      AUTH_OIDC_CLIENT_ID: "lattice-demo",
      AUTH_OIDC_CLIENT_SECRET: clientSecret,
      AUTH_GROUP_ROLES: DEMO_GROUP_ROLES,
      AUTH_STEP_UP_ACR_VALUES: MFA_ACR,
    },
  };
}
