import net from "node:net";

export function isPortFree(port: number, host = "127.0.0.1"): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once("error", () => resolve(false));
    server.listen({ port, host }, () => server.close(() => resolve(true)));
  });
}

function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen({ port: 0, host: "127.0.0.1" }, () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no free port"))));
    });
  });
}

/** `preferred` when it is free, else any free port; `onTaken` hears about the switch. */
export async function choosePort(preferred: number | undefined, onTaken?: (preferred: number, chosen: number) => void): Promise<number> {
  if (preferred !== undefined && (await isPortFree(preferred))) return preferred;
  const chosen = await anyFreePort();
  if (preferred !== undefined) onTaken?.(preferred, chosen);
  return chosen;
}
