'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import type { FlagVersion, StoredFlag } from '../../server/store/flags'
import { adminApi } from './admin-api'
import { describeFlag, EMPTY_FIELDS, fromFields, toFields, type FlagFields } from './flag-form'
import { FlagForm } from './FlagForm'
import { FlagHistory } from './FlagHistory'

/** Props of {@link FlagEditor}. */
export interface FlagEditorProps {
  /** The stored flags as the server rendered them; refreshed from the server after every change. */
  flags: StoredFlag[]
}

type Panel =
  | { kind: 'none' }
  | { kind: 'edit'; fields: FlagFields; existing: StoredFlag | null }
  | { kind: 'history'; key: string; versions: FlagVersion[] }

/**
 * The flag editor of the admin page, over `/api/admin/flags`: create, edit (rollout %, groups, variants),
 * delete, and a history per flag where any earlier version can be restored. Every change is a new version and
 * an audit record; the page's server data (flags and audit log) is refreshed after each one.
 * @example
 * <FlagEditor flags={await listFlags(db)} />
 */
export function FlagEditor({ flags }: FlagEditorProps) {
  const router = useRouter()
  const [panel, setPanel] = useState<Panel>({ kind: 'none' })
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null)

  const act = async <T,>(
    call: () => Promise<{ ok: true; data: T } | { ok: false; message: string }>,
    done: (data: T) => string,
  ) => {
    setBusy(true)
    const answer = await call()
    setBusy(false)
    if (!answer.ok) {
      setMessage({ text: answer.message, error: true })
      return null
    }
    setMessage({ text: done(answer.data), error: false })
    router.refresh()
    return answer.data
  }

  const save = async (fields: FlagFields, existing: StoredFlag | null) => {
    const definition = fromFields(fields, existing?.definition)
    if (typeof definition === 'string') return setMessage({ text: definition, error: true })
    const saved = await act(
      () =>
        existing
          ? adminApi<StoredFlag>(`/api/admin/flags/${encodeURIComponent(definition.key)}`, 'PUT', definition)
          : adminApi<StoredFlag>('/api/admin/flags', 'POST', definition),
      (stored) => `Saved ${stored.definition.key} as version ${stored.version}.`,
    )
    if (saved) setPanel({ kind: 'none' })
  }

  const showHistory = async (key: string) => {
    const answer = await adminApi<{ versions: FlagVersion[] }>(
      `/api/admin/flags/${encodeURIComponent(key)}/versions`,
    )
    if (!answer.ok) return setMessage({ text: answer.message, error: true })
    setPanel({ kind: 'history', key, versions: answer.data.versions })
  }

  const rollback = async (key: string, version: number) => {
    const stored = await act(
      () => adminApi<StoredFlag>(`/api/admin/flags/${encodeURIComponent(key)}/rollback`, 'POST', { version }),
      (restored) => `Restored version ${version} of ${key} as version ${restored.version}.`,
    )
    if (stored) await showHistory(key)
  }

  const remove = async (key: string) => {
    if (!window.confirm(`Delete the flag ${key}? Its history stays, so a rollback can restore it.`)) return
    await act(
      () => adminApi<{ version: number }>(`/api/admin/flags/${encodeURIComponent(key)}`, 'DELETE'),
      (result) => `Deleted ${key} (version ${result.version}).`,
    )
  }

  const current = panel.kind === 'history' ? flags.find((f) => f.definition.key === panel.key) : undefined
  return (
    <div className="flag-editor">
      <table>
        <caption>Operator flags, served to every runner page through /api/flags</caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Definition</th>
            <th scope="col">Version</th>
            <th scope="col">Updated</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {flags.length === 0 ? (
            <tr>
              <td colSpan={5}>No flags yet.</td>
            </tr>
          ) : null}
          {flags.map((flag) => {
            const key = flag.definition.key
            return (
              <tr key={key} data-flag={key}>
                <th scope="row">{key}</th>
                <td>{describeFlag(flag.definition)}</td>
                <td>{flag.version}</td>
                <td>
                  {flag.updatedAt} by {flag.updatedBy}
                </td>
                <td className="actions">
                  <button
                    type="button"
                    onClick={() =>
                      setPanel({ kind: 'edit', fields: toFields(flag.definition), existing: flag })
                    }
                  >
                    Edit {key}
                  </button>
                  <button type="button" onClick={() => void showHistory(key)}>
                    History of {key}
                  </button>
                  <button type="button" disabled={busy} onClick={() => void remove(key)}>
                    Delete {key}
                  </button>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <p>
        <button
          type="button"
          onClick={() => setPanel({ kind: 'edit', fields: EMPTY_FIELDS, existing: null })}
        >
          New flag
        </button>
      </p>
      <p role="status" className={message?.error ? 'message error' : 'message'}>
        {message?.text}
      </p>
      {panel.kind === 'edit' ? (
        <FlagForm
          key={panel.existing ? `${panel.existing.definition.key}:${panel.existing.version}` : 'new'}
          initial={panel.fields}
          existing={panel.existing !== null}
          busy={busy}
          onSave={(fields) => void save(fields, panel.existing)}
          onCancel={() => setPanel({ kind: 'none' })}
        />
      ) : null}
      {panel.kind === 'history' ? (
        <FlagHistory
          flagKey={panel.key}
          versions={panel.versions}
          current={current?.version ?? null}
          busy={busy}
          onRollback={(version) => void rollback(panel.key, version)}
          onClose={() => setPanel({ kind: 'none' })}
        />
      ) : null}
    </div>
  )
}
