// Public exports of this area; the package index re-exports everything here.
export { checkFeedback, createFeedbackClient, FEEDBACK_LIMITS } from './feedback-client.js'
export type {
  FeedbackClient,
  FeedbackClientOptions,
  FeedbackInput,
  FeedbackOutcome,
  FeedbackPayload,
  FeedbackRating,
} from './feedback-client.js'
