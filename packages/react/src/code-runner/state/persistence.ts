import { hashCode } from '@runcell/core'

const PREFIX = 'runcell:code:'

/**
 * The localStorage key of a runner's edits: its `id` plus a hash of the author's code, so that when the author
 * changes the snippet, readers' edits of the old version are no longer loaded.
 */
export function persistenceKey(id: string, originalCode: string): string {
  return `${PREFIX}${id}:${hashCode(originalCode)}`
}

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage
  } catch {
    // Storage access throws in sandboxed frames and with cookies blocked.
    return null
  }
}

/** The reader's saved edit of this runner, and drops saved edits of the same id for older code. */
export function loadEdit(id: string, originalCode: string): string | null {
  const store = storage()
  if (!store) return null
  const key = persistenceKey(id, originalCode)
  const stalePrefix = `${PREFIX}${id}:`
  try {
    for (let i = store.length - 1; i >= 0; i--) {
      const name = store.key(i)
      if (
        name &&
        name !== key &&
        name.startsWith(stalePrefix) &&
        !name.slice(stalePrefix.length).includes(':')
      )
        store.removeItem(name)
    }
    return store.getItem(key)
  } catch {
    return null
  }
}

/** Saves the reader's edit; an edit back to the original removes the entry. Quota errors are ignored. */
export function saveEdit(id: string, originalCode: string, code: string): void {
  const store = storage()
  if (!store) return
  try {
    if (code === originalCode) store.removeItem(persistenceKey(id, originalCode))
    else store.setItem(persistenceKey(id, originalCode), code)
  } catch {
    // A full or blocked storage only costs the reader their saved edit.
  }
}

/** Forgets the reader's edit (Reset). */
export function clearEdit(id: string, originalCode: string): void {
  try {
    storage()?.removeItem(persistenceKey(id, originalCode))
  } catch {
    // See saveEdit.
  }
}
