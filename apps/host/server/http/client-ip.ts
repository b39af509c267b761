import { BlockList, isIP } from 'node:net'

/**
 * Where a client's address comes from: the header the front door copies the socket's peer into (Next hands route
 * handlers a Web Request without it), and the proxies whose X-Forwarded-For is believed. The HostContext has both.
 */
export interface ClientIpSource {
  peerHeader: string
  config: { RUNCELL_TRUSTED_PROXIES: readonly string[] }
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
export function clientIp(request: Request, source: ClientIpSource): string {
  const peer = normalise(request.headers.get(source.peerHeader) ?? '')
  const trusted = blockList(source.config.RUNCELL_TRUSTED_PROXIES)
  if (peer && !isTrusted(trusted, peer)) return peer
  const hops = (request.headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((hop) => normalise(hop.trim()))
    .filter((hop) => isIP(hop) !== 0)
  if (!peer) {
    // No peer address (the front door did not run): only the hop nearest to this server can be believed.
    return hops.at(-1) ?? 'unknown'
  }
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i] as string
    if (!isTrusted(trusted, hop)) return hop
  }
  return hops[0] ?? peer
}

/**
 * The bucket a client's requests are rate-limited in: an IPv4 address, or the /64 of an IPv6 address. One
 * subscriber or host usually gets a whole /64, so keying by full IPv6 address would give it 2^64 buckets.
 */
export function rateLimitKey(ip: string): string {
  if (isIP(ip) !== 6) return ip
  const [head = '', tail = ''] = ip.split('%')[0]!.toLowerCase().split('::')
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  // An embedded IPv4 tail (::ffff:1.2.3.4) is two groups; only the first four groups matter here anyway.
  const rightGroups = right.flatMap((group) => (group.includes('.') ? ['0', '0'] : [group]))
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(8 - left.length - rightGroups.length).fill('0'), ...rightGroups]
    : left
  return `${groups
    .slice(0, 4)
    .map((group) => Number.parseInt(group || '0', 16).toString(16))
    .join(':')}::/64`
}
