import { BlockList, isIP } from 'node:net'

const key = Symbol.for('runcell.host.peerHeader')
type Holder = { [key]?: string }

/**
 * The name of the header that carries the socket's peer address into route handlers. `next start` does not
 * expose the peer, so instrumentation sets this header on every incoming request; the name holds a random part
 * chosen at start-up, so a client cannot send it.
 */
export function peerHeaderName(): string {
  const holder = globalThis as Holder
  holder[key] ??= `x-runcell-peer-${crypto.randomUUID().slice(0, 8)}`
  return holder[key]
}

function blockList(entries: readonly string[]): BlockList {
  const list = new BlockList()
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/')
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4'
    if (!isIP(address)) continue
    if (prefix === undefined) list.addAddress(address, family)
    else list.addSubnet(address, Number(prefix), family)
  }
  return list
}

const normalise = (ip: string) => (ip.startsWith('::ffff:') && isIP(ip.slice(7)) === 4 ? ip.slice(7) : ip)

function isTrusted(list: BlockList, ip: string): boolean {
  const version = isIP(ip)
  return version !== 0 && list.check(ip, version === 6 ? 'ipv6' : 'ipv4')
}

/**
 * The client's IP address. X-Forwarded-For is believed only when the request came from a configured trusted
 * proxy, and then only up to the first hop that is not itself trusted (walking from the right), because everything
 * left of that was written by the client.
 */
export function clientIp(request: Request, trustedProxies: readonly string[]): string {
  const peer = normalise(request.headers.get(peerHeaderName()) ?? '')
  const trusted = blockList(trustedProxies)
  if (peer && !isTrusted(trusted, peer)) return peer
  const hops = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => normalise(hop.trim()))
    .filter((hop) => isIP(hop) !== 0)
  if (!peer) {
    // No peer address (instrumentation did not run): only the hop nearest to this server can be believed.
    return hops.at(-1) ?? 'unknown'
  }
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string
    if (!isTrusted(trusted, hop)) return hop
  }
  return hops[0] ?? peer
}
