// A real OpenID Connect identity provider (panva/oidc-provider) for demos and tests: the demo people sign in with
// a password and, optionally, a one-time code, and Lattice receives standard ID tokens with groups, amr and acr.
// It refuses to start in production unless explicitly allowed.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import http from "node:http";
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from "oidc-provider";
import { errorPage, loginPage, type LoginPerson } from "./views";

export const DEMO_PASSWORD = "lattice-demo";
export const DEMO_OTP = "246810";
/** The acr value the IdP reports for a sign-in with a one-time code, and the one Lattice asks for on step-up. */
export const MFA_ACR = "mfa";

/**
 * Demo people take turns in one browser: unlike a real IdP, this one asks who you are on every sign-in instead of
 * remembering the last person (its own session would otherwise sign the previous person straight back in).
 */
function askEveryTimePolicy() {
  const policy = interactionPolicy.base();
  policy
    .get("login")
    ?.checks.add(
      new interactionPolicy.Check("demo_asks_every_time", "The demo identity provider asks who you are on every sign-in", (ctx) =>
        ctx.oidc.result?.login ? interactionPolicy.Check.NO_NEED_TO_PROMPT : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );
  return policy;
}

export interface DevIdpOptions {
  port: number;
  /** Host to listen on and to use in the issuer URL. */
  host?: string;
  clientId: string;
  clientSecret: string;
  /** Lattice's OAuth callback, e.g. http://localhost:3000/api/auth/callback/sso */
  redirectUris: string[];
  postLogoutRedirectUris?: string[];
  people: LoginPerson[];
  /** Name of the claim carrying the person's groups. */
  groupsClaim?: string;
  /** Set when deliberately running in NODE_ENV=production. */
  allowProduction?: boolean;
  nodeEnv?: string;
}

export interface RunningDevIdp {
  issuer: string;
  close: () => Promise<void>;
}

function readForm(req: http.IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
      if (body.length > 10_000) reject(new Error("form too large"));
    });
    req.on("end", () => resolve(new URLSearchParams(body)));
    req.on("error", reject);
  });
}


export async function startDevIdp(options: DevIdpOptions): Promise<RunningDevIdp> {
  if (options.nodeEnv === "production" && !options.allowProduction) {
    throw new Error(
      "The demo identity provider refuses to start with NODE_ENV=production: configure a real IdP (AUTH_OIDC_ISSUER), or set LATTICE_DEV_IDP_ALLOW_PRODUCTION=1 if you really mean it.",
    );
  }
  const host = options.host ?? "127.0.0.1";
  const issuer = `http://${host}:${options.port}`;
  const groupsClaim = options.groupsClaim ?? "groups";
  const peopleBySubject = new Map(options.people.map((person) => [person.subject, person]));
  // The login form's POST ends in a redirect back to Lattice, which form-action must allow too.
  const formTargets = ["'self'", ...new Set(options.redirectUris.map((uri) => new URL(uri).origin))].join(" ");
  const sendHtml = (res: http.ServerResponse, status: number, html: string) => {
    res.writeHead(status, {
      "Content-Type": "text/html; charset=utf-8",
      "Cache-Control": "no-store",
      "Content-Security-Policy": `default-src 'none'; style-src 'unsafe-inline'; form-action ${formTargets}; frame-ancestors 'none'`,
    });
    res.end(html);
  };

  const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const configuration: Configuration = {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris ?? [],
        grant_types: ["authorization_code"],
        response_types: ["code"],
      },
    ],
    jwks: { keys: [{ ...privateKey.export({ format: "jwk" }), kid: "dev-idp", use: "sig", alg: "RS256" }] },
    cookies: { keys: [randomBytes(32).toString("hex")] },
    // acr/amr ride on the openid scope so every ID token says how the person signed in (Lattice's MFA check).
    claims: {
      openid: ["sub", "acr", "amr", "auth_time"],
      email: ["email", "email_verified"],
      profile: ["name"],
      groups: [groupsClaim],
    },
    // Without this the ID token carries only `sub`, and Lattice would get no email, name or groups.
    conformIdTokenClaims: false,
    acrValues: ["pwd", MFA_ACR],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { policy: askEveryTimePolicy(), url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    findAccount: async (_ctx, subject) => {
      const person = peopleBySubject.get(subject);
      if (!person) return undefined;
      return {
        accountId: subject,
        claims: async () => ({
          sub: subject,
          ...(person.email ? { email: person.email, email_verified: true } : {}),
          name: person.name,
          [groupsClaim]: person.groups,
        }),
      };
    },
    // First-party client: grant the requested scopes without a consent screen.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const client = ctx.oidc.client;
      const session = ctx.oidc.session;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope("openid email profile groups");
      await grant.save();
      return grant;
    },
    renderError: async (ctx, out) => {
      ctx.type = "html";
      ctx.body = errorPage(`${out.error}: ${out.error_description ?? ""}`);
    },
    ttl: { Session: 8 * 3600, Interaction: 600, AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Grant: 8 * 3600 },
  };
  const provider = new Provider(issuer, configuration);
  const providerCallback = provider.callback();

  async function handleInteraction(req: http.IncomingMessage, res: http.ServerResponse) {
    const details = await provider.interactionDetails(req, res);
    const requestedAcr = String(details.params.acr_values ?? "").split(" ");
    // Lattice sends the signed-in person's email as login_hint when it asks them to confirm with MFA.
    const hinted = options.people.find((person) => person.email && person.email === details.params.login_hint)?.subject;
    const mfaRequired = requestedAcr.includes(MFA_ACR);
    const action = `/interaction/${details.uid}`;
    if (req.method === "GET") {
      return sendHtml(res, 200, loginPage({ action, people: options.people, mfaRequired, selectedSubject: hinted }));
    }
    const form = await readForm(req);
    const subject = form.get("subject") ?? "";
    const otp = form.get("otp") ?? "";
    const retry = (error: string) => sendHtml(res, 200, loginPage({ action, people: options.people, mfaRequired, error, selectedSubject: subject }));
    if (!peopleBySubject.has(subject) || form.get("password") !== DEMO_PASSWORD) return retry("Wrong person or password.");
    if (otp !== "" && otp !== DEMO_OTP) return retry("Wrong one-time code.");
    if (mfaRequired && otp === "") return retry("Enter the one-time code to confirm with MFA.");
    const withMfa = otp === DEMO_OTP;
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: subject, amr: withMfa ? ["pwd", "otp", "mfa"] : ["pwd"], acr: withMfa ? MFA_ACR : "pwd" } },
      { mergeWithLastSubmission: false },
    );
  }

  const server = http.createServer((req, res) => {
    if (req.url?.startsWith("/interaction/")) {
      handleInteraction(req, res).catch((error: unknown) => {
        sendHtml(res, 400, errorPage(error instanceof Error ? error.message : "The sign-in could not be completed."));
      });
      return;
    }
    void providerCallback(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "EADDRINUSE" ? new Error(`Port ${options.port} for the demo identity provider is already in use.`) : error),
    );
    server.listen(options.port, host, resolve);
  });
  return {
    issuer,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
