import { request as httpRequest } from "node:http";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Sign from "tencentcloud-sdk-nodejs/tencentcloud/common/sign";
import { Client as OrganizationClient } from "tencentcloud-sdk-nodejs/tencentcloud/services/organization/v20210331/organization_client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loopbackAgent } from "../utils";
import { startEmulator } from "./server";
import { startTestEmulator } from "./testing";

// The emulator's protocol: signatures, routing, validation and limits, seen from the unmodified SDK and raw HTTP.
let context: Awaited<ReturnType<typeof startTestEmulator>>;
const agent = loopbackAgent();

beforeAll(async () => {
  context = await startTestEmulator({ rateLimits: { "organization.DescribeOrganization": 5 } });
});
afterAll(() => context.emulator.close());

function sdkClient(credential: { secretId: string; secretKey: string; token?: string }, host = "organization.intl.tencentcloudapi.com") {
  return new OrganizationClient({
    credential,
    profile: { httpProfile: { endpoint: `${host}:${context.emulator.port}`, protocol: "http://", agent } },
  });
}

async function sdkError(promise: Promise<unknown>): Promise<string | undefined> {
  return promise.then(
    () => "no error",
    (error: { code?: string }) => error.code,
  );
}

/** One signed POST with a chosen timestamp, as the SDK would send it. */
function rawCall(action: string, body: object, timestamp: number): Promise<{ Response: { Error?: { Code: string } } }> {
  const host = "organization.intl.tencentcloudapi.com";
  const url = `http://${host}:${context.emulator.port}/`;
  const headers: Record<string, string> = {
    "Content-Type": "application/json",
    Host: `${host}:${context.emulator.port}`,
    "X-TC-Action": action,
    "X-TC-Version": "2021-03-31",
    "X-TC-Timestamp": String(timestamp),
  };
  headers.Authorization = Sign.sign3({
    method: "POST",
    url,
    payload: body,
    timestamp,
    service: "organization",
    secretId: context.emulator.credentials.secretId,
    secretKey: context.emulator.credentials.secretKey,
    multipart: false,
    boundary: "",
    headers,
  });
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", headers, agent }, (res) => {
      let text = "";
      res.on("data", (chunk: Buffer) => (text += chunk.toString()));
      res.on("end", () => resolve(JSON.parse(text) as { Response: { Error?: { Code: string } } }));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

describe("signature verification", () => {
  it("accepts the SDK's TC3-HMAC-SHA256 signature", async () => {
    const response = await sdkClient(context.emulator.credentials).DescribeOrganization({});
    expect(response.OrgId).toBe(context.emulator.state.organization.orgId);
  });

  it("refuses a wrong key, an unknown SecretId and a timestamp more than 5 minutes off", async () => {
    const { secretId } = context.emulator.credentials;
    expect(await sdkError(sdkClient({ secretId, secretKey: "wrong" }).DescribeOrganization({}))).toBe("AuthFailure.SignatureFailure");
    expect(await sdkError(sdkClient({ secretId: "AKIDunknown", secretKey: "x" }).DescribeOrganization({}))).toBe(
      "AuthFailure.SecretIdNotFound",
    );
    const now = Math.floor(Date.now() / 1000);
    expect((await rawCall("DescribeOrganization", {}, now - 301)).Response.Error?.Code).toBe("AuthFailure.SignatureExpire");
    expect((await rawCall("DescribeOrganization", {}, now + 301)).Response.Error?.Code).toBe("AuthFailure.SignatureExpire");
    expect((await rawCall("DescribeOrganization", {}, now - 200)).Response.Error).toBeUndefined();
  });

  it("accepts temporary credentials with their token until they expire", async () => {
    const managementUin = context.emulator.state.organization.managementUin;
    const sts = context.gateway();
    const { Credentials } = await sts.sts("AssumeRole", {
      RoleArn: `qcs::cam::uin/${managementUin}:roleName/LatticePortalRole`,
      RoleSessionName: "protocol-test",
    });
    const temporary = { secretId: Credentials?.TmpSecretId ?? "", secretKey: Credentials?.TmpSecretKey ?? "" };
    expect((await sdkClient({ ...temporary, token: Credentials?.Token }).DescribeOrganization({})).OrgId).toBeGreaterThan(0);
    expect(await sdkError(sdkClient(temporary).DescribeOrganization({}))).toBe("AuthFailure.TokenFailure");
    const issued = context.emulator.state.credentials.find((credential) => credential.secretId === temporary.secretId);
    if (issued) issued.expiresAt = Date.now() - 1;
    expect(await sdkError(sdkClient({ ...temporary, token: Credentials?.Token }).DescribeOrganization({}))).toBe(
      "AuthFailure.TokenFailure",
    );
  });
});

describe("routing, validation and limits", () => {
  it("answers InvalidAction and NoSuchVersion", async () => {
    const client = sdkClient(context.emulator.credentials);
    expect(await sdkError(client.request("DescribeNothing", {}))).toBe("InvalidAction");
    expect(await sdkError(sdkClient(context.emulator.credentials, "cvm.intl.tencentcloudapi.com").request("DescribeInstances", {}))).toBe(
      "InvalidAction",
    );
    client.apiVersion = "2018-12-25";
    expect(await sdkError(client.DescribeOrganization({}))).toBe("NoSuchVersion");
  });

  it("answers MissingParameter, InvalidParameter and InvalidParameterValue", async () => {
    const client = sdkClient(context.emulator.credentials);
    expect(await sdkError(client.request("DescribeOrganizationNodes", { Limit: 10 }))).toBe("MissingParameter");
    expect(await sdkError(client.request("DescribeOrganizationNodes", { Offset: "a", Limit: 10 }))).toBe("InvalidParameter");
    expect(await sdkError(client.request("DescribeOrganizationNodes", { Offset: 0, Limit: 0 }))).toBe("InvalidParameterValue");
    expect(await sdkError(client.request("CreateOrganizationMember", { Name: "x" }))).toBe("MissingParameter");
  });

  it("throttles calls above the per-action limit with RequestLimitExceeded", async () => {
    const client = sdkClient(context.emulator.credentials);
    const codes = await Promise.all(Array.from({ length: 12 }, () => sdkError(client.DescribeOrganization({}))));
    expect(codes.filter((code) => code === "RequestLimitExceeded").length).toBeGreaterThanOrEqual(5);
  });

  it("refuses a member's credentials hopping into another member", async () => {
    const [first, second] = context.emulator.state.members;
    const member = context.gateway().inAccount(first?.uin ?? 0);
    await expect(
      member.sts("AssumeRole", { RoleArn: `qcs::cam::uin/${second?.uin}:roleName/OrganizationAccessControlRole`, RoleSessionName: "hop" }),
    ).rejects.toMatchObject({ details: { tencentCode: "UnauthorizedOperation" } });
  });
});

describe("persistence", () => {
  it("saves the state to a file and starts again from it", async () => {
    const directory = mkdtempSync(path.join(tmpdir(), "lattice-emulator-"));
    const persistPath = path.join(directory, "state.json");
    try {
      const first = await startEmulator({ state: context.emulator.state, persistPath, rateLimits: false });
      await first.close();
      const second = await startEmulator({ persistPath, rateLimits: false });
      expect(second.state.members.map((member) => member.uin)).toEqual(context.emulator.state.members.map((member) => member.uin));
      expect(second.credentials).toEqual(first.credentials);
      await second.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
