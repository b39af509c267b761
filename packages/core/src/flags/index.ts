// Public exports of this area; the package index re-exports everything here.
export type {
  AttributeOperator,
  AttributeRule,
  AttributeValue,
  EvaluationContext,
  EvaluationReason,
  FlagConditions,
  FlagDefinition,
  FlagErrorCode,
  FlagEvaluation,
  FlagJson,
  FlagMetadata,
  FlagValue,
  FlagVariant,
} from './types.js'
export { BUCKET_COUNT, murmur3, rolloutBucket, variantBucket } from './hash.js'
export { compareSemver, isSemver } from './semver.js'
export { matchesConditions } from './conditions.js'
export { FLAG_KEY_PATTERN, flagValueType, validateFlagDefinition, validateFlagSource } from './validate.js'
export { BOOLEAN_VARIANTS, DEFAULT_VARIANT, checkType, errorEvaluation, evaluateFlag } from './evaluate.js'
export type { Widen } from './evaluate.js'
export { evaluateOverride, parseFlagOverrides } from './overrides.js'
export type { FlagOverrides } from './overrides.js'
export { createFlagStore } from './store.js'
export type { BootstrapValue, FlagStore, FlagStoreOptions, FlagStoreState } from './store.js'
export {
  CODE_EXECUTION_FLAG,
  ENHANCED_PYTHON_EXECUTION_FLAG,
  JAVASCRIPT_EXECUTION_FLAG,
  LANGUAGE_EXECUTION_FLAGS,
  PYTHON_EXECUTION_FLAG,
  SQL_EXECUTION_FLAG,
  isExecutionAllowed,
} from './execution.js'
export type { BooleanFlagReader, ExecutionSwitch, ExecutionSwitchReason } from './execution.js'
export { fromOpenFeatureContext } from './openfeature-context.js'
export { RuncellFlagProvider } from './openfeature-provider.js'
