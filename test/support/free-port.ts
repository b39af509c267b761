import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'

/** The kernel's range for outgoing connections' local ports (Linux: 32768-60999 unless changed). */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)
    return [Number(low), Number(high)]
  } catch {
    return [32_768, 60_999]
  }
}

function canBind(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

/**
 * A TCP port nothing listens on right now, on 127.0.0.1, outside the kernel's ephemeral range. Tests hand the port
 * to a server that binds it later (nginx binds after the apps behind it start, seconds on), and a port from the
 * ephemeral range can be given to an outgoing connection meanwhile: in CI, nginx once failed with "Address
 * already in use".
 */
export async function freePort(): Promise<number> {
  const [ephemeralLow] = ephemeralRange()
  const low = 10_000
  const high = ephemeralLow > low + 1_000 ? ephemeralLow : 32_768
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = low + Math.floor(Math.random() * (high - low))
    if (await canBind(port)) return port
  }
  throw new Error(`no free port between ${low} and ${high} on 127.0.0.1`)
}
