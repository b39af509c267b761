// The @runcell/core/feedback entry: the client that sends a reader's rating of a snippet to the host, and the
// limits a host checks the same payload against.
export { createFeedbackClient, FEEDBACK_LIMITS } from './feedback-client.js'
export type {
  FeedbackClient,
  FeedbackClientOptions,
  FeedbackInput,
  FeedbackOutcome,
  FeedbackPayload,
  FeedbackRating,
} from './feedback-client.js'
