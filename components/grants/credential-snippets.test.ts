import { describe, expect, it } from "vitest";
import type { IssuedCredentials } from "@/lib/grants/types";
import { exportCommands, shellQuote, tccliConfigureCommands, tccliCredentialFile, tccliProfileName } from "./credential-snippets";

const credentials: IssuedCredentials = {
  secretId: "AKIDtmp123",
  secretKey: "key/with+chars=",
  sessionToken: "token'quote",
  expiresAt: "2026-11-29T12:00:00.000Z",
  region: "ap-singapore",
  sessionName: "lattice-jit-42-dana@lattice.example",
  account: { name: "core-prod-sg-network", memberUin: "200000000001" },
  roleName: "Ledger read",
  requestReference: "JIT-42",
};

describe("CLI credential snippets", () => {
  it("quotes values for a POSIX shell, quotes included", () => {
    expect(shellQuote("plain")).toBe("'plain'");
    expect(shellQuote("it's")).toBe(`'it'"'"'s'`);
  });

  it("exports the variables the SDKs, Terraform and tccli read", () => {
    expect(exportCommands(credentials).split("\n")).toEqual([
      "export TENCENTCLOUD_SECRET_ID='AKIDtmp123'",
      "export TENCENTCLOUD_SECRET_KEY='key/with+chars='",
      `export TENCENTCLOUD_SESSION_TOKEN='token'"'"'quote'`,
      'export TENCENTCLOUD_TOKEN="$TENCENTCLOUD_SESSION_TOKEN"',
      "export TENCENTCLOUD_REGION='ap-singapore'",
    ]);
  });

  it("writes a tccli profile named after the request and account", () => {
    expect(tccliProfileName(credentials)).toBe("lattice-jit-42-core-prod-sg-network");
    expect(JSON.parse(tccliCredentialFile(credentials))).toEqual({ secretId: "AKIDtmp123", secretKey: "key/with+chars=", token: "token'quote" });
    const commands = tccliConfigureCommands(credentials).split("\n");
    expect(commands[0]).toBe(`tccli configure set secretId 'AKIDtmp123' secretKey 'key/with+chars=' token 'token'"'"'quote' --profile lattice-jit-42-core-prod-sg-network`);
    expect(commands[1]).toBe("tccli configure set region 'ap-singapore' output json --profile lattice-jit-42-core-prod-sg-network");
  });
});
