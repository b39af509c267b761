import { RuncellProvider } from '@runcell/react'
import useBaseUrl from '@docusaurus/useBaseUrl'

export default function Root({ children }) {
  const assetsBaseUrl = useBaseUrl('/runcell/')
  return <RuncellProvider config={{ assetsBaseUrl, theme: 'auto' }}>{children}</RuncellProvider>
}
