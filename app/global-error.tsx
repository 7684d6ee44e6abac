"use client";

// Last resort when even the root layout fails: a plain page without the app's styles or scripts.
export default function GlobalError({ error }: { error: Error & { digest?: string } }) {
  return (
    <html lang="en">
      <body style={{ fontFamily: "system-ui, sans-serif", maxWidth: "36rem", margin: "4rem auto", padding: "0 1rem" }}>
        <h1>Lattice could not load this page</h1>
        <p>Something went wrong on the server. Nothing was changed. Reload in a moment; if it persists, give an operator this reference.</p>
        {error.digest && (
          <p>
            Reference: <code>{error.digest}</code>
          </p>
        )}
      </body>
    </html>
  );
}
