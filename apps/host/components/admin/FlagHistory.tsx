'use client'

import type { FlagVersion } from '../../server/store/flags'
import { describeFlag } from './flag-form'

/** Props of {@link FlagHistory}. */
export interface FlagHistoryProps {
  flagKey: string
  versions: FlagVersion[]
  /** The version now in force, which cannot be rolled back to. */
  current: number | null
  busy: boolean
  onRollback(version: number): void
  onClose(): void
}

/** A flag's versions, newest first, each with what it said and a button that restores it as a new version. */
export function FlagHistory({ flagKey, versions, current, busy, onRollback, onClose }: FlagHistoryProps) {
  return (
    <section className="flag-history" aria-labelledby="flag-history-heading">
      <h3 id="flag-history-heading">Versions of {flagKey}</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Change</th>
            <th scope="col">Definition</th>
            <th scope="col">By</th>
            <th scope="col">When</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {versions.map((entry) => (
            <tr key={entry.version} data-version={entry.version}>
              <td>{entry.version}</td>
              <td>{entry.action}</td>
              <td>{describeFlag(entry.definition)}</td>
              <td>{entry.actor}</td>
              <td>{entry.createdAt}</td>
              <td>
                {entry.definition && entry.version !== current ? (
                  <button type="button" disabled={busy} onClick={() => onRollback(entry.version)}>
                    Roll back to version {entry.version}
                  </button>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onClose}>
        Close the history
      </button>
    </section>
  )
}
