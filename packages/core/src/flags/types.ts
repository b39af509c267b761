/** A JSON value a flag variant may carry. */
export type FlagJson = null | boolean | number | string | FlagJson[] | { [key: string]: FlagJson }

/** What a flag can evaluate to: a boolean switch, a string or number, or a JSON object for configuration. */
export type FlagValue = boolean | string | number | FlagJson

/** One arm of a multivariate flag. `weight` is relative: weights 1 and 1 split 50/50, like 50 and 50. */
export interface FlagVariant {
  key: string
  weight: number
  value: FlagValue
}

/** The comparisons an attribute rule can make. `semver*` compare versions such as `1.4.0-beta.2`. */
export type AttributeOperator =
  | 'equals'
  | 'notEquals'
  | 'in'
  | 'notIn'
  | 'lt'
  | 'lte'
  | 'gt'
  | 'gte'
  | 'semverEq'
  | 'semverLt'
  | 'semverLte'
  | 'semverGt'
  | 'semverGte'

/** A primitive attribute value, as found in {@link EvaluationContext.attributes}. */
export type AttributeValue = string | number | boolean

/**
 * One targeting rule on a context attribute, such as `{attribute: 'plan', operator: 'in', value: ['pro']}`.
 * `in`/`notIn` take an array; number comparisons take a number; `semver*` take a version string.
 * A context without the attribute never matches a rule.
 */
export interface AttributeRule {
  attribute: string
  operator: AttributeOperator
  value: AttributeValue | AttributeValue[]
}

/** Who a flag targets. Every part that is present must match (AND); within `userGroups`, any group matches. */
export interface FlagConditions {
  /** The context matches when it is in at least one of these groups. */
  userGroups?: string[]
  /** The context's `environment` must be one of these. */
  environment?: string | string[]
  /** Every rule must match. */
  attributes?: AttributeRule[]
}

/**
 * A feature flag as an operator writes it. Without `variants` a flag is a boolean switch that serves `true` to
 * targeted users in the rollout and `false` otherwise. With `variants`, targeted users in the rollout get a
 * weighted variant and everyone else gets `defaultValue`. `enabled: false` is the kill switch and wins over
 * everything: the caller's own default is served, with reason `DISABLED` (Runcell's execution switches read
 * that as off).
 */
export interface FlagDefinition {
  key: string
  enabled: boolean
  /** Share of targeted users who get the flag, 0..100 with up to two decimals. Default 100. */
  rolloutPercentage?: number
  conditions?: FlagConditions
  variants?: FlagVariant[]
  /** Served when the user is not targeted. Required with variants; `false` without. */
  defaultValue?: FlagValue
  /** Travels in `flagMetadata.version`, so a rollback is visible in exposure events and logs. */
  version?: number | string
  /** Facts about the flag (owner, ticket…) returned as flag metadata beside `version`, which it can't hold. */
  metadata?: FlagMetadata
}

/** Who is asking. `targetingKey` is the stable user or anonymous id that bucketing hashes. */
export interface EvaluationContext {
  targetingKey?: string
  groups?: string[]
  environment?: string
  attributes?: Record<string, AttributeValue>
}

/** Why a flag has its value, in OpenFeature's vocabulary. */
export type EvaluationReason =
  'STATIC' | 'TARGETING_MATCH' | 'SPLIT' | 'DISABLED' | 'DEFAULT' | 'CACHED' | 'ERROR'

/** What went wrong when the reason is `ERROR`, in OpenFeature's vocabulary. */
export type FlagErrorCode =
  | 'FLAG_NOT_FOUND'
  | 'TYPE_MISMATCH'
  | 'PARSE_ERROR'
  | 'TARGETING_KEY_MISSING'
  | 'PROVIDER_NOT_READY'
  | 'GENERAL'

/** Extra facts about an evaluation, such as the definition's `version`. Same shape as OpenFeature's. */
export type FlagMetadata = Record<string, string | number | boolean>

/**
 * The result of evaluating one flag for one context. On `ERROR` the value is the caller's default, and
 * `errorCode` says why.
 */
export interface FlagEvaluation<T = FlagValue> {
  value: T
  variant?: string
  reason: EvaluationReason
  flagMetadata: FlagMetadata
  errorCode?: FlagErrorCode
  errorMessage?: string
}
