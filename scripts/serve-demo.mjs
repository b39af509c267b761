// `npm start` (after the build): serves the demo page and the runner assets on one origin, the zero-config
// setup. PORT and HOST change where it listens.
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { assetFiles } from '../packages/core/bin/asset-files.mjs'
import { startStaticServer } from './static-server.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const server = await startStaticServer({
  port: Number(process.env.PORT ?? 3000),
  host: process.env.HOST ?? '127.0.0.1',
  mounts: {
    '/runcell/': assetFiles(),
    '/core/': join(root, 'packages', 'core', 'dist'),
    '/': join(root, 'scripts', 'demo'),
  },
})
console.log(`Runcell demo: ${server.url}/ (Ctrl+C to stop)`)
