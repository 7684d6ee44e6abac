/** Valid authentication settings for tests that load the app's configuration without signing anyone in. */
export const TEST_AUTH_ENV = {
  AUTH_SECRET: "test-secret-test-secret-test-secret-0123",
  AUTH_OIDC_ISSUER: "http://127.0.0.1:9/",
  AUTH_OIDC_CLIENT_ID: "lattice-test",
  AUTH_OIDC_CLIENT_SECRET: "test-client-secret",
  AUTH_GROUP_ROLES: "engineering=requester,lattice-approvers=approver,lattice-security=security,lattice-platform-admins=platform-admin,lattice-auditors=auditor",
} as const;
