// A small HTTP proxy in front of the server, so a test can stand between the phone and the
// server: the page's origin is the proxy's (stable across server restarts), and a hook can act
// on a request once the server has answered it (e.g. kill the server before the answer
// reaches the phone). Playwright's own routing does not see requests of a page controlled by a
// service worker, hence this.

import http from 'node:http';

export async function startProxy(target) {
  const proxy = {
    target,
    /** `async (req, upstreamResponse, body) => 'drop' | Buffer | undefined`, called before answering. */
    hook: null,
    requests: [],
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      proxy.requests.push({ method: req.method, url: req.url, body });
      // Whole answers only (no 304), so hooks always see and may replace the body.
      const headers = { ...req.headers, host: new URL(proxy.target).host, 'accept-encoding': 'identity' };
      delete headers['if-none-match'];
      delete headers['if-modified-since'];
      const upstream = http.request(
        new URL(req.url, proxy.target),
        // Plain bodies from upstream, so hooks can read and rewrite them.
        { method: req.method, headers },
        (up) => {
          const parts = [];
          up.on('data', (c) => parts.push(c));
          up.on('end', async () => {
            const action = proxy.hook ? await proxy.hook(req, up, Buffer.concat(parts)) : undefined;
            if (action === 'drop') {
              res.socket?.destroy();
              return;
            }
            // A hook may also answer with other bytes (e.g. a new version of a file).
            const body = Buffer.isBuffer(action) ? action : Buffer.concat(parts);
            const headers = { ...up.headers };
            if (Buffer.isBuffer(action)) {
              delete headers['content-length'];
              delete headers['content-encoding'];
              delete headers.etag;
              delete headers['last-modified'];
            }
            res.writeHead(up.statusCode, headers);
            res.end(body);
          });
        },
      );
      upstream.on('error', () => res.socket?.destroy());
      upstream.end(body);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  proxy.url = `http://127.0.0.1:${server.address().port}`;
  proxy.close = () =>
    new Promise((r) => {
      server.closeAllConnections?.();
      server.close(r);
    });
  return proxy;
}
