/** One chunk of a Vite bundle: its code, and the chunks it imports statically. */
export interface PageChunk {
  fileName: string
  code: string
  isEntry: boolean
  isDynamicEntry: boolean
  imports: string[]
}
export function bundlePage(
  source: string,
  options?: { withReact?: boolean; ext?: string },
): Promise<PageChunk[]>
export function staticGzipKb(chunks: PageChunk[]): number
