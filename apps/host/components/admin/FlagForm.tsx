'use client'

import { useId, useState, type FormEvent } from 'react'
import type { FlagFields, VariantFields } from './flag-form'

/** Props of {@link FlagForm}. */
export interface FlagFormProps {
  initial: FlagFields
  /** True when editing a stored flag: the key is fixed. */
  existing: boolean
  busy: boolean
  onSave(fields: FlagFields): void
  onCancel(): void
}

/**
 * The fields of one flag: on/off, rollout %, user groups, and weighted variants with a default value. Values
 * are typed as JSON (`true`, `"blue"`, `{"limit": 3}`); bare text is taken as a string.
 */
export function FlagForm({ initial, existing, busy, onSave, onCancel }: FlagFormProps) {
  const [fields, setFields] = useState(initial)
  const id = useId()
  const set = (patch: Partial<FlagFields>) => setFields((current) => ({ ...current, ...patch }))
  const setVariant = (index: number, patch: Partial<VariantFields>) =>
    set({ variants: fields.variants.map((row, i) => (i === index ? { ...row, ...patch } : row)) })
  const submit = (event: FormEvent) => {
    event.preventDefault()
    onSave(fields)
  }

  return (
    <form className="flag-form stack" onSubmit={submit} aria-labelledby={`${id}-legend`}>
      <h3 id={`${id}-legend`}>{existing ? `Edit ${initial.key}` : 'New flag'}</h3>
      <p>
        <label htmlFor={`${id}-key`}>Key</label>
        <input
          id={`${id}-key`}
          name="key"
          value={fields.key}
          readOnly={existing}
          required
          onChange={(event) => set({ key: event.target.value })}
        />
      </p>
      <p className="check">
        <input
          id={`${id}-enabled`}
          name="enabled"
          type="checkbox"
          checked={fields.enabled}
          onChange={(event) => set({ enabled: event.target.checked })}
        />
        <label htmlFor={`${id}-enabled`}>Enabled</label>
      </p>
      <p>
        <label htmlFor={`${id}-rollout`}>Rollout (%)</label>
        <input
          id={`${id}-rollout`}
          name="rollout"
          type="number"
          min={0}
          max={100}
          step={0.01}
          value={fields.rollout}
          onChange={(event) => set({ rollout: event.target.value })}
        />
      </p>
      <p>
        <label htmlFor={`${id}-groups`}>User groups (comma-separated; empty targets everyone)</label>
        <input
          id={`${id}-groups`}
          name="groups"
          value={fields.groups}
          onChange={(event) => set({ groups: event.target.value })}
        />
      </p>
      <fieldset>
        <legend>Variants</legend>
        {fields.variants.length === 0 ? <p>None: the flag is a plain on/off switch.</p> : null}
        {fields.variants.map((row, index) => (
          <div className="variant" key={index}>
            <label htmlFor={`${id}-v${index}-key`}>Variant {index + 1} key</label>
            <input
              id={`${id}-v${index}-key`}
              value={row.key}
              onChange={(event) => setVariant(index, { key: event.target.value })}
            />
            <label htmlFor={`${id}-v${index}-weight`}>Weight</label>
            <input
              id={`${id}-v${index}-weight`}
              type="number"
              min={0}
              value={row.weight}
              onChange={(event) => setVariant(index, { weight: event.target.value })}
            />
            <label htmlFor={`${id}-v${index}-value`}>Value</label>
            <input
              id={`${id}-v${index}-value`}
              value={row.value}
              onChange={(event) => setVariant(index, { value: event.target.value })}
            />
            <button
              type="button"
              onClick={() => set({ variants: fields.variants.filter((_, i) => i !== index) })}
            >
              Remove variant {index + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          onClick={() => set({ variants: [...fields.variants, { key: '', weight: '1', value: '' }] })}
        >
          Add a variant
        </button>
        <p>
          <label htmlFor={`${id}-default`}>Default value (required with variants)</label>
          <input
            id={`${id}-default`}
            name="defaultValue"
            value={fields.defaultValue}
            onChange={(event) => set({ defaultValue: event.target.value })}
          />
        </p>
      </fieldset>
      <p className="actions">
        <button type="submit" disabled={busy}>
          {existing ? 'Save as a new version' : 'Create flag'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </p>
    </form>
  )
}
