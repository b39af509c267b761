// Pins the public surface of @runcell/core/feedback: the client and the limits a host checks against.
import { describe, expectTypeOf, it } from 'vitest'
import type * as entry from './index.js'
import type { FeedbackClient, FeedbackClientOptions, FeedbackInput, FeedbackOutcome } from './index.js'

describe('@runcell/core/feedback', () => {
  it('exports the client and its limits, and not the payload check it uses inside', () => {
    expectTypeOf<keyof typeof entry>().toEqualTypeOf<'FEEDBACK_LIMITS' | 'createFeedbackClient'>()
  })

  it('sends a rating and answers with an outcome, never a throw', () => {
    expectTypeOf<typeof entry.createFeedbackClient>().toEqualTypeOf<
      (options: FeedbackClientOptions) => FeedbackClient
    >()
    expectTypeOf<FeedbackInput['rating']>().toEqualTypeOf<'up' | 'down'>()
    expectTypeOf<FeedbackOutcome>().toExtend<{ ok: boolean }>()
    expectTypeOf<(typeof entry.FEEDBACK_LIMITS)['comment']>().toEqualTypeOf<2000>()
  })
})
