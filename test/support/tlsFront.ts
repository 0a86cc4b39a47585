import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { type Server, createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A self-signed certificate for 127.0.0.1, as Splunk ships its ports with by default; undefined without openssl. */
export function selfSignedCertificate(): { key: string; cert: string } | undefined {
  const dir = mkdtempSync(join(tmpdir(), "hec-tls-"));
  try {
    execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
    return { key: readFileSync(join(dir, "key.pem"), "utf8"), cert: readFileSync(join(dir, "cert.pem"), "utf8") };
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** HTTPS with `certificate` in front of a mock, forwarding every request to it (authorization, content-type and request-channel headers kept). */
export async function startTlsFront(certificate: { key: string; cert: string }, mockUrl: string): Promise<{ url: string; close: () => Promise<void> }> {
  const tls: Server = createServer(certificate, async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const headers: Record<string, string> = {};
    for (const name of ["authorization", "content-type", "x-splunk-request-channel"]) if (typeof request.headers[name] === "string") headers[name] = request.headers[name] as string;
    const upstream = await fetch(`${mockUrl}${request.url}`, { method: request.method, headers, body: chunks.length > 0 ? Buffer.concat(chunks) : undefined });
    response.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "text/plain" });
    response.end(await upstream.text());
  });
  await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
  return {
    url: `https://127.0.0.1:${(tls.address() as AddressInfo).port}`,
    close: async () => {
      tls.closeAllConnections();
      await new Promise((resolve) => tls.close(resolve));
    },
  };
}
