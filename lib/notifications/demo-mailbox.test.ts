import { createTransport } from "nodemailer";
import { afterEach, describe, expect, it } from "vitest";
import { startDemoMailbox, type DemoMailbox } from "./demo-mailbox";

let mailbox: DemoMailbox | undefined;
afterEach(async () => {
  await mailbox?.stop();
  mailbox = undefined;
});

describe("the demo mailbox", () => {
  it("shows the emails sent to it, newest first, escaped, on a page without scripts", async () => {
    mailbox = await startDemoMailbox({ httpPort: 0 });
    const transport = createTransport(mailbox.smtpUrl);
    await transport.sendMail({ from: "lattice@x.example", to: "alex@x.example", subject: "AR-1 waits for you", text: "First" });
    await transport.sendMail({ from: "lattice@x.example", to: "dana@x.example", subject: "AR-1 <b>approved</b>", text: "Second" });
    const response = await fetch(mailbox.url);
    const page = await response.text();
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(page).toContain("AR-1 &lt;b&gt;approved&lt;/b&gt;");
    expect(page.indexOf("Second")).toBeLessThan(page.indexOf("First"));
    expect(page).toContain("To alex@x.example");
    expect((await fetch(`${mailbox.url}/other`)).status).toBe(404);
  });
});
