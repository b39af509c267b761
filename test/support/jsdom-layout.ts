// jsdom has no layout, and CodeMirror measures text ranges: React component tests that mount an editor call this
// once (in beforeAll) so those measurements return empty boxes instead of throwing.
export function stubTextLayout(): void {
  const rects = () => Object.assign([], { item: () => null }) as unknown as DOMRectList
  Range.prototype.getClientRects = rects
  Range.prototype.getBoundingClientRect = () => new DOMRect()
}
