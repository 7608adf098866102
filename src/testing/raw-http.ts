/** Real HTTP on loopback for tests of the node-level fast paths: listeners and raw exchanges. */
import { once } from "node:events";
import { createServer, type RequestListener, type Server } from "node:http";
import { connect } from "node:net";

const servers: Server[] = [];

/** Listens on a free loopback port; closeServers() (in afterEach) stops every one. */
export async function listen(listener: RequestListener): Promise<number> {
  const server = createServer(listener);
  servers.push(server);
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  return typeof address === "object" && address ? address.port : 0;
}

export async function closeServers(): Promise<void> {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
}

/** One raw HTTP/1.1 exchange: the status line and headers as sent (Date left out), and the body. */
export async function raw(port: number, target: string, headers: Record<string, string> = {}, method = "GET"): Promise<{ head: string[]; body: string }> {
  const socket = connect(port, "127.0.0.1");
  await once(socket, "connect");
  const lines = [`${method} ${target} HTTP/1.1`, "Host: cabinet.test", ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`), "Connection: close"];
  socket.end(`${lines.join("\r\n")}\r\n\r\n`);
  const chunks: Buffer[] = [];
  socket.on("data", (chunk: Buffer) => chunks.push(chunk));
  await once(socket, "close");
  const text = Buffer.concat(chunks).toString("utf8");
  const [head = "", ...body] = text.split("\r\n\r\n");
  return { head: head.split("\r\n").filter((l) => !l.startsWith("Date: ")), body: body.join("\r\n\r\n") };
}
