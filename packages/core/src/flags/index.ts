// The @runcell/core/flags entry: flag definitions, evaluation, the store, the execution switches and the
// OpenFeature provider. Hashing, semver and condition matching are internals of evaluation.
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
export { validateFlagDefinition, validateFlagSource } from './validate.js'
export { checkType, errorEvaluation, evaluateFlag } from './evaluate.js'
export type { Widen } from './evaluate.js'
export { evaluateOverride, parseFlagOverrides } from './overrides.js'
export type { FlagOverrides } from './overrides.js'
export { createFlagStore } from './store.js'
export type { BootstrapValue, FlagStatus, FlagStore, FlagStoreOptions, FlagStoreState } from './store.js'
export { DEFAULT_FLAG_REFRESH_INTERVAL, loadFlagSource } from './source.js'
export type { FlagSource } from './source.js'
export {
  CODE_EXECUTION_FLAG,
  JAVASCRIPT_EXECUTION_FLAG,
  PYTHON_EXECUTION_FLAG,
  SQL_EXECUTION_FLAG,
  isExecutionAllowed,
  switchState,
} from './execution.js'
export type { BooleanFlagReader, ExecutionSwitch, ExecutionSwitchReason } from './execution.js'
export { fromOpenFeatureContext } from './openfeature-context.js'
export { RuncellFlagProvider } from './openfeature-provider.js'
export type { RuncellFlagProviderOptions } from './openfeature-provider.js'
