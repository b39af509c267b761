import { describe, expect, it } from 'vitest'
import { generateSummary } from '../../../../test/support/monitoring-scenarios.js'

describe('generateSummary', () => {
  it('produces the health level each story is named after', () => {
    expect(generateSummary('healthy').health.status).toBe('healthy')
    expect(generateSummary('degraded').health.status).toBe('degraded')
    expect(generateSummary('unhealthy').health.status).toBe('unhealthy')
  })

  it('produces an empty summary for the empty story and heavy traffic for the high-traffic one', () => {
    expect(generateSummary('empty').windows['1h'].count).toBe(0)
    expect(generateSummary('high-traffic').windows['5m'].throughputPerMinute).toBeGreaterThan(2_500)
  })
})
