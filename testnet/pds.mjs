// A local AT Protocol network on loopback for the monitoring tests: an in-memory PLC directory
// and a real @atproto/pds, in one Node process. Prints one JSON line {"ready": true, ...} when
// both answer, and stops cleanly on SIGTERM.
//
//   node pds.mjs <data-dir> [pds-port] [plc-port]      (ports 0 = any free port)
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { PDS } from '@atproto/pds'

const require = createRequire(import.meta.url)
const { PlcServer, Database } = require('@did-plc/server')

const [dataDir, pdsPortArg = '0', plcPortArg = '0'] = process.argv.slice(2)
if (!dataDir) {
  console.error('usage: node pds.mjs <data-dir> [pds-port] [plc-port]')
  process.exit(2)
}
mkdirSync(join(dataDir, 'blobs'), { recursive: true })

function listen(app, port) {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1', () => resolve(server))
    server.on('error', reject)
  })
}

const plc = PlcServer.create({ db: Database.mock(), port: 0 })
const plcServer = await listen(plc.app, Number(plcPortArg))
const plcPort = plcServer.address().port

// The PDS's public URL must carry its port before it is created: take a free one first.
let pdsPort = Number(pdsPortArg)
if (!pdsPort) {
  const probe = await listen((await import('node:http')).createServer(), 0)
  pdsPort = probe.address().port
  await new Promise((resolve) => probe.close(resolve))
}

const pds = await PDS.fromEnv({
  hostname: 'localhost',
  port: pdsPort,
  devMode: true,
  inviteRequired: false,
  dataDirectory: dataDir,
  blobstoreDiskLocation: join(dataDir, 'blobs'),
  didPlcUrl: `http://127.0.0.1:${plcPort}`,
  jwtSecret: randomBytes(16).toString('hex'),
  adminPassword: 'admin-pass',
  plcRotationKeyK256PrivateKeyHex: randomBytes(32).toString('hex'),
  serviceHandleDomains: ['.test'],
  crawlers: [],
})
// What PDS.start() does, but bound to loopback only.
await pds.ctx.sequencer.start()
const pdsServer = await listen(pds.app, pdsPort)

console.log(JSON.stringify({ ready: true, pds: `http://localhost:${pdsPort}`, plc: `http://127.0.0.1:${plcPort}` }))

async function stop() {
  pdsServer.close()
  plcServer.close()
  try { await pds.ctx.destroy?.() } catch {}
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
