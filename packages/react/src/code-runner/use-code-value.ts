import { useCallback, useEffect, useRef, useState } from 'react'
import { clearEdit, loadEdit, saveEdit } from './state/persistence.js'
import { parseShareFragment } from './state/share.js'

interface CodeValueOptions {
  original: string
  value?: string
  defaultValue?: string
  onChange?: (code: string) => void
  id?: string
  persist: boolean
}

/**
 * The runner's code, controlled (`value`) or not, with persistence and share links. The first render always uses
 * the author's code so server and client HTML match; a shared link or a saved edit is applied after mount.
 */
export function useCodeValue({ original, value, defaultValue, onChange, id, persist }: CodeValueOptions) {
  const controlled = value !== undefined
  const [own, setOwn] = useState(defaultValue ?? original)
  const [ready, setReady] = useState(false)
  // The code came from a share link or a saved edit, not from the author: it never runs without a click.
  const [foreign, setForeign] = useState(false)
  const latest = useRef({ onChange, controlled, persist, id, original })
  useEffect(() => {
    latest.current = { onChange, controlled, persist, id, original }
  })
  const code = controlled ? value : own

  const setCode = useCallback((next: string) => {
    const { onChange, controlled, persist, id, original } = latest.current
    if (!controlled) setOwn(next)
    if (persist && id) saveEdit(id, original, next)
    onChange?.(next)
  }, [])

  useEffect(() => {
    // Applied after hydration on purpose: the server cannot know the fragment or localStorage.
    /* eslint-disable react-hooks/set-state-in-effect */
    const shared = id && typeof location !== 'undefined' ? parseShareFragment(location.hash) : null
    if (shared && shared.id === id) {
      setCode(shared.code)
      setForeign(true)
    } else if (persist && id) {
      const saved = loadEdit(id, original)
      if (saved !== null && saved !== original) {
        setCode(saved)
        setForeign(true)
      }
    }
    setReady(true)
    /* eslint-enable react-hooks/set-state-in-effect */
    // Restoring happens once per snippet identity, not on every edit.
  }, [id, original, persist, setCode])

  const reset = useCallback(() => {
    const { onChange, controlled, id, original } = latest.current
    if (!controlled) setOwn(original)
    if (id) clearEdit(id, original)
    onChange?.(original)
  }, [])

  return { code, setCode, reset, ready, foreign }
}
