import type { FlagDefinition, FlagValue, FlagVariant } from '../types.js'

/**
 * OpenFeature's conformance flag set (`specification/assets/gherkin/test-flags.json` in open-feature/spec) as
 * Runcell definitions, plus `context-aware`, which `evaluation.feature` uses and the JS SDK's in-memory flag set
 * defines.
 *
 * How the translation works:
 * - `defaultVariant` becomes the only variant with a weight (1; the others weigh 0), so everyone in the rollout
 *   gets it with reason `STATIC`. `defaultValue`, which Runcell requires beside variants, is that variant's value.
 * - `disabled: true` becomes `enabled: false`.
 * - A `contextEvaluator` becomes `conditions.attributes`: the rules that select its variant (weight 1), while
 *   `defaultValue` is the `defaultVariant`'s value, served with reason `DEFAULT` to everyone else. Runcell reports
 *   that default as variant `default` rather than the variant's own name; no scenario checks it.
 * - `flagMetadata` becomes `metadata`.
 * - `null-default-flag` (`defaultVariant: null`) and `undefined-default-flag` (none) are not translated: a Runcell
 *   definition always names the value it serves by default, and no scenario of the four suites uses them.
 */
function serves(
  key: string,
  variants: Record<string, FlagValue>,
  chosen: string,
  extra: Partial<FlagDefinition> = {},
): FlagDefinition {
  const list: FlagVariant[] = Object.entries(variants).map(([name, value]) => ({
    key: name,
    weight: name === chosen ? 1 : 0,
    value,
  }))
  return { key, enabled: true, variants: list, defaultValue: variants[chosen]!, ...extra }
}

const PICTURES = { showImages: true, title: 'Check out these pics!', imagesPerPage: 100 }
const BALLMER = { attribute: 'email', operator: 'equals', value: 'ballmer@macrosoft.com' } as const

const booleans = { on: true, off: false }
const strings = { greeting: 'hi', parting: 'bye' }
const integers = { one: 1, ten: 10 }
const floats = { tenth: 0.1, half: 0.5 }
const objects = { empty: {}, template: PICTURES }

const zeros: Record<string, Record<string, FlagValue>> = {
  boolean: { zero: false, 'non-zero': true },
  string: { zero: '', 'non-zero': 'str' },
  integer: { zero: 0, 'non-zero': 1 },
  float: { zero: 0.0, 'non-zero': 1.0 },
  object: { zero: {}, 'non-zero': PICTURES },
}

/** The conformance flags, keyed as in `test-flags.json`. */
export const CONFORMANCE_FLAGS: FlagDefinition[] = [
  serves('boolean-flag', booleans, 'on'),
  serves('string-flag', strings, 'greeting'),
  serves('integer-flag', integers, 'ten'),
  serves('float-flag', floats, 'half'),
  serves('object-flag', objects, 'template'),
  serves('boolean-disabled-flag', booleans, 'on', { enabled: false }),
  serves('string-disabled-flag', strings, 'greeting', { enabled: false }),
  serves('integer-disabled-flag', integers, 'ten', { enabled: false }),
  serves('float-disabled-flag', floats, 'half', { enabled: false }),
  serves('object-disabled-flag', objects, 'template', { enabled: false }),
  ...Object.entries(zeros).flatMap(([type, variants]) => [
    serves(`${type}-zero-flag`, variants, 'zero'),
    // email == 'ballmer@macrosoft.com' ? 'zero' : '' (empty means the default variant, also zero)
    serves(`${type}-targeted-zero-flag`, variants, 'zero', { conditions: { attributes: [BALLMER] } }),
  ]),
  {
    // !customer && email == 'ballmer@macrosoft.com' && age > 10 ? 'internal' : ''
    ...serves('complex-targeted', { internal: 'INTERNAL', external: 'EXTERNAL' }, 'internal'),
    defaultValue: 'EXTERNAL',
    conditions: {
      attributes: [
        { attribute: 'customer', operator: 'equals', value: false },
        BALLMER,
        { attribute: 'age', operator: 'gt', value: 10 },
      ],
    },
  },
  serves('metadata-flag', booleans, 'on', {
    metadata: { string: '1.0.2', integer: 2, boolean: true, float: 0.1 },
  }),
  serves('wrong-flag', { one: 'uno', two: 'dos' }, 'one'),
  {
    // From the JS SDK's in-memory flags: fn, ln, age and customer must all match, else 'external'.
    ...serves('context-aware', { internal: 'INTERNAL', external: 'EXTERNAL' }, 'internal'),
    defaultValue: 'EXTERNAL',
    conditions: {
      attributes: [
        { attribute: 'fn', operator: 'equals', value: 'Sulisław' },
        { attribute: 'ln', operator: 'equals', value: 'Świętopełk' },
        { attribute: 'age', operator: 'equals', value: 29 },
        { attribute: 'customer', operator: 'equals', value: false },
      ],
    },
  },
]
