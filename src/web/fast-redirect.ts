/**
 * The redirect of a cached code answered straight from node's request, in front of the Hono
 * listener: no Request/Response objects, no router, no middleware — the same decision and bytes as
 * the Hono route (createRedirector in features/links/redirect-routes.ts, which nothing runs before
 * either). Anything else — another method (HEAD too), a query string or odd path, a code not cached
 * yet, an unknown or refused code — goes to Hono unchanged, which answers it (302 or the 404 page)
 * and fills the cache.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";
import type { Redirector } from "../features/links/redirect-routes.js";

const REDIRECT_PATH = /^\/(?:api\/public\/)?r\/([A-Za-z0-9_-]{10})$/;

export function withFastRedirect(redirector: Redirector, next: RequestListener): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === "GET" && req.url) {
      const code = REDIRECT_PATH.exec(req.url)?.[1];
      const target = code === undefined ? undefined : redirector.peek(code);
      if (target) {
        const { headers } = req;
        const out = redirector.answer(target, {
          peer: req.socket.remoteAddress,
          forwardedFor: headers["x-forwarded-for"],
          userAgent: headers["user-agent"],
          referer: headers.referer,
        });
        res.writeHead(302, out);
        res.end();
        return;
      }
    }
    next(req, res);
  };
}
