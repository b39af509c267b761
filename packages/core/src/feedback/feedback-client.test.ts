import { describe, expect, test, vi } from 'vitest'
import { createFeedbackClient, FEEDBACK_LIMITS } from './feedback-client.js'

const base = { snippetId: 'intro', rating: 'up' as const, page: '/docs/intro', lastRunStatus: 'ok' as const }

describe('createFeedbackClient', () => {
  test('posts the checked payload as JSON to the endpoint', async () => {
    const fetch = vi.fn(async () => new Response(null, { status: 204 }))
    const client = createFeedbackClient({ endpoint: '/api/feedback', fetch })
    expect(await client.submit({ ...base, comment: '  nice  ' })).toEqual({ ok: true })
    const [url, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/feedback')
    expect(init.method).toBe('POST')
    expect(JSON.parse(String(init.body))).toEqual({ ...base, comment: 'nice' })
  })

  test('hands the payload to a send callback, with a missing status as null', async () => {
    const send = vi.fn()
    const client = createFeedbackClient({ send })
    await client.submit({ snippetId: 's', rating: 'down', page: '/' })
    expect(send).toHaveBeenCalledWith({
      snippetId: 's',
      rating: 'down',
      comment: '',
      page: '/',
      lastRunStatus: null,
    })
  })

  test('refuses a comment over the cap without sending anything', async () => {
    const send = vi.fn()
    const outcome = await createFeedbackClient({ send }).submit({
      ...base,
      comment: 'x'.repeat(FEEDBACK_LIMITS.comment + 1),
    })
    expect(outcome).toMatchObject({ ok: false, reason: 'invalid' })
    expect(send).not.toHaveBeenCalled()
  })

  test('refuses an empty snippet id and an unknown rating', async () => {
    const client = createFeedbackClient({ send: () => {} })
    expect(await client.submit({ ...base, snippetId: '' })).toMatchObject({ ok: false, reason: 'invalid' })
    expect(await client.submit({ ...base, rating: 'meh' as 'up' })).toMatchObject({
      ok: false,
      reason: 'invalid',
    })
  })

  test('turns a failing network or callback into an outcome instead of throwing', async () => {
    const offline = createFeedbackClient({
      endpoint: '/api/feedback',
      fetch: async () => {
        throw new TypeError('Failed to fetch')
      },
    })
    expect(await offline.submit(base)).toEqual({ ok: false, reason: 'network', message: 'Failed to fetch' })
    const broken = createFeedbackClient({
      send: () => {
        throw new Error('nope')
      },
    })
    expect(await broken.submit(base)).toMatchObject({ ok: false, reason: 'network' })
  })

  test('reports a non-2xx answer as rejected with its status', async () => {
    const client = createFeedbackClient({
      endpoint: '/x',
      fetch: async () => new Response('', { status: 429 }),
    })
    expect(await client.submit(base)).toEqual({
      ok: false,
      reason: 'rejected',
      message: 'The feedback endpoint answered 429.',
    })
  })
})
