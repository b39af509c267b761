import { describe, expect, it } from 'vitest'
import { healthDocument, type HealthDocument } from './health'
import { SNAPSHOT_AGE_CHECK, createHealthSnapshots } from './health-snapshots'

const checkedAt = '2026-01-01T00:00:00.000Z'
const passing = (observedValue = 1): HealthDocument =>
  healthDocument('pass', {
    'database:responseTime': [
      { componentType: 'datastore', status: 'pass', observedValue, observedUnit: 'ms', time: checkedAt },
    ],
  })

/** A hand-driven clock and a check that settles only when the test says so. */
function setup() {
  let clock = 0
  const pending: ((document: HealthDocument) => void)[] = []
  const snapshots = createHealthSnapshots({
    intervalMs: 1_000,
    staleAfterMs: 8_000,
    now: () => clock,
    evaluate: () => new Promise((resolve) => pending.push(resolve)),
  })
  const finish = async (document: HealthDocument) => {
    pending.shift()?.(document)
    await new Promise((resolve) => setImmediate(resolve))
  }
  return { snapshots, finish, advance: (ms: number) => (clock += ms), pending }
}

describe('health snapshots', () => {
  it('reports fail before the first check has finished', () => {
    const { snapshots } = setup()
    void snapshots.start()
    const document = snapshots.current()
    expect(document.status).toBe('fail')
    expect(document.checks[SNAPSHOT_AGE_CHECK]?.[0]?.output).toMatch(/No health check has finished/)
    snapshots.stop()
  })

  it('serves the last check, and turns it into a fail once it is older than the bound (a stuck check)', async () => {
    const { snapshots, finish, advance } = setup()
    void snapshots.start()
    await finish(passing())
    expect(snapshots.current().status).toBe('pass')
    advance(8_001)
    const stale = snapshots.current()
    expect(stale.status).toBe('fail')
    expect(stale.checks[SNAPSHOT_AGE_CHECK]?.[0]).toMatchObject({ status: 'fail', observedValue: 8_001 })
    // The other checks keep the time they actually ran.
    expect(stale.checks['database:responseTime']?.[0]?.time).toBe(checkedAt)
    snapshots.stop()
  })

  it('answers after a refresh with a check that started after it, not with the one already running', async () => {
    const { snapshots, finish } = setup()
    void snapshots.start()
    // A switch changes while a check is running: that check may have read the switch before the change.
    snapshots.refresh()
    const answer = snapshots.settled()
    await finish(passing(1))
    await finish(passing(2))
    expect((await answer).checks['database:responseTime']?.[0]?.observedValue).toBe(2)
    snapshots.stop()
  })
})
