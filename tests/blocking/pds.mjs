// A local AT Protocol network for the blocking tests: in-memory PLC directory + a real PDS,
// both on 127.0.0.1 only. Prints one JSON "ready" line, stops on SIGTERM.
// Run with Node 22: TESTNET_DIR=<dir with node_modules> node tests/blocking/pds.mjs
import { createRequire } from 'node:module'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import { pathToFileURL } from 'node:url'

const testnet = process.env.TESTNET_DIR
const require = createRequire(path.join(testnet, 'package.json'))
const plcLib = require('@did-plc/server')
const { PDS } = await import(
  pathToFileURL(path.join(testnet, 'node_modules/@atproto/pds/dist/index.js')).href
)

const plcPort = Number(process.env.PLC_PORT || 0)
const pdsPort = Number(process.env.PDS_PORT)
const plc = await plcLib.PlcServer.create({ db: plcLib.Database.mock(), port: plcPort })
const plcServer = plc.app.listen(plcPort, '127.0.0.1')
await new Promise((resolve) => plcServer.once('listening', resolve))
const plcUrl = `http://127.0.0.1:${plcServer.address().port}`

const dir = mkdtempSync(path.join(tmpdir(), 'upstander-pds-'))
const pds = await PDS.fromEnv({
  hostname: 'localhost',
  port: pdsPort,
  devMode: true,
  inviteRequired: false,
  dataDirectory: dir,
  blobstoreDiskLocation: path.join(dir, 'blobs'),
  didPlcUrl: plcUrl,
  jwtSecret: randomBytes(16).toString('hex'),
  adminPassword: 'admin-pass',
  plcRotationKeyK256PrivateKeyHex: randomBytes(32).toString('hex'),
  crawlers: [],
})
await pds.ctx.sequencer.start()
const server = pds.app.listen(pdsPort, '127.0.0.1')
await new Promise((resolve) => server.once('listening', resolve))
console.log(JSON.stringify({ ready: true, pds: `http://localhost:${pdsPort}`, plc: plcUrl }))

const stop = async () => {
  server.close()
  plcServer.close()
  await pds.ctx.destroy?.()
  process.exit(0)
}
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
