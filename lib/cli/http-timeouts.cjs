// Preloaded into the Next server (`node --require`): Node's HTTP server cuts any request that takes over
// 300 s (requestTimeout), and Next offers no setting for it, so a 256 MB upload on a slow link would be cut
// off mid-file. Slow-header protection stays (headersTimeout); idle sockets still time out (keepAlive).
const http = require("node:http");

const createServer = http.createServer;
http.createServer = function createServerWithoutRequestTimeout(...args) {
  const server = createServer.apply(this, args);
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  return server;
};
