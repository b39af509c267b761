import { createServer } from 'node:http'
import { rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort } from '../support/free-port'
import { ensureBuilt, startHost, tempDataDir, type HostApp } from './support/host-app'
import { adminCall } from './support/http'
import { hostFetch } from './support/host-fetch'
import { startReceiver, type AlertReceiver } from './support/receiver'

describe('host app configuration and alerts', () => {
  let receiver: AlertReceiver
  let host: HostApp
  const dataDir = tempDataDir()

  beforeAll(async () => {
    ensureBuilt()
    receiver = await startReceiver({ failFirstPagerDuty: true })
    host = await startHost({
      RUNCELL_DATA_DIR: dataDir,
      SLACK_WEBHOOK_URL: `${receiver.url}/slack`,
      PAGERDUTY_INTEGRATION_KEY: 'test-routing-key-123',
      PAGERDUTY_EVENTS_URL: `${receiver.url}/pagerduty`,
    })
  })
  afterAll(async () => {
    await host?.stop()
    receiver?.server.close()
    rmSync(dataDir, { recursive: true, force: true })
  })

  it('stops at start-up with a message that names each bad variable and what it accepts', async () => {
    const started = startHost({
      RUNCELL_DATA_DIR: dataDir,
      NEXT_PUBLIC_CODE_EXECUTION_TIMEOUT: 'soon',
      REDIS_URL: 'http://not-redis',
      NEXT_PUBLIC_SANDBOX_MODE: 'yolo',
    })
    const error = await started.then(
      () => null,
      (e: Error) => e,
    )
    expect(error?.message).toContain(
      'NEXT_PUBLIC_CODE_EXECUTION_TIMEOUT accepts a whole number from 1000 to 300000 ms',
    )
    expect(error?.message).toContain('REDIS_URL accepts an absolute URL starting with redis:// or rediss://')
    expect(error?.message).toContain('NEXT_PUBLIC_SANDBOX_MODE accepts only strict')
    expect(error?.message).not.toContain('http://not-redis')
  })

  it('posts one Slack message and one PagerDuty event per health transition, retrying a failed delivery', async () => {
    await hostFetch(`${host.url}/api/health`)
    await adminCall(`${host.url}/api/admin/maintenance/enable`)
    // Several health checks in the same state: still one alert for the transition.
    for (let i = 0; i < 3; i++) expect((await hostFetch(`${host.url}/api/health`)).status).toBe(200)
    await adminCall(`${host.url}/api/admin/maintenance/disable`)
    await hostFetch(`${host.url}/api/health`)
    const deadline = Date.now() + 5_000
    while (receiver.received.length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100))

    const slack = receiver.received.filter((r) => r.path === '/slack').map((r) => String(r.body.text))
    expect(slack).toHaveLength(2)
    expect(slack[0]).toMatch(/is degraded \(was healthy\).*maintenance/)
    expect(slack[1]).toMatch(/is healthy \(was degraded\)/)
    const pagerduty = receiver.received.filter((r) => r.path === '/pagerduty').map((r) => r.body)
    expect(pagerduty.map((event) => event.event_action)).toEqual(['trigger', 'resolve'])
    expect(pagerduty[0]).toMatchObject({
      routing_key: 'test-routing-key-123',
      dedup_key: 'runcell-host-health',
      payload: { severity: 'warning' },
    })
  })

  it('answers health while an alert receiver hangs, because delivery never blocks a request', async () => {
    const hanging = createServer(() => {})
    const port = await freePort()
    await new Promise<void>((resolve) => hanging.listen(port, '127.0.0.1', resolve))
    const slow = await startHost({
      RUNCELL_DATA_DIR: tempDataDir(),
      SLACK_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
    })
    try {
      await adminCall(`${slow.url}/api/admin/emergency/enable`)
      const started = performance.now()
      expect((await hostFetch(`${slow.url}/api/health`)).status).toBe(200)
      expect(performance.now() - started).toBeLessThan(1_000)
    } finally {
      await slow.stop()
      hanging.closeAllConnections()
      hanging.close()
    }
  })
})
