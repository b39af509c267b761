import type { ReactNode } from 'react'
import { useFlagDetails } from './hooks.js'

/** Props of {@link Feature}. */
export interface FeatureProps {
  /** The flag to check. */
  flag: string
  /** Render `children` only for this variant, instead of for a boolean flag that is on. */
  variant?: string
  /** Rendered when the feature is off, missing, or another variant. Default: nothing. */
  fallback?: ReactNode
  children?: ReactNode
}

/**
 * Renders `children` when a boolean flag is on (or the user got `variant`), and `fallback` otherwise.
 * @example
 * <Feature flag="new_editor" fallback={<OldEditor />}>
 *   <NewEditor />
 * </Feature>
 */
export function Feature({ flag, variant, fallback = null, children }: FeatureProps) {
  const evaluation = useFlagDetails(flag)
  const on =
    evaluation.reason !== 'ERROR' &&
    (variant === undefined ? evaluation.value === true : evaluation.variant === variant)
  return <>{on ? children : fallback}</>
}
