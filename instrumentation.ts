// Runs once when the Next server starts: validates the configuration so a missing or malformed variable stops
// the process at start-up with a message naming it, instead of failing on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./lib/core/env");
  }
}
