import { RangeSet, StateEffect, StateField, type Extension } from '@codemirror/state'
import { Decoration, EditorView, gutter, GutterMarker, type DecorationSet } from '@codemirror/view'

/** Marks a 1-based line as the error line, or clears the mark with null. */
export const setErrorLine = StateEffect.define<number | null>()

class ErrorMarker extends GutterMarker {
  constructor(private readonly label: string) {
    super()
  }
  override eq(other: GutterMarker): boolean {
    return other instanceof ErrorMarker && other.label === this.label
  }
  override toDOM(): Node {
    const span = document.createElement('span')
    span.className = 'rc-error-marker'
    span.textContent = '!'
    span.title = this.label
    span.setAttribute('role', 'img')
    span.setAttribute('aria-label', this.label)
    return span
  }
}

const errorLineClass = Decoration.line({ class: 'rc-error-line' })

/**
 * The error line: a red gutter marker and a tinted line. Edits map it along; a new run clears or moves it.
 * `label` names the marker for screen readers and tooltips.
 */
export function errorLineExtension(label: (line: number) => string): Extension {
  const field = StateField.define<{ line: number | null; decorations: DecorationSet }>({
    create: () => ({ line: null, decorations: Decoration.none }),
    update(value, tr) {
      let next = { line: value.line, decorations: value.decorations.map(tr.changes) }
      for (const effect of tr.effects) {
        if (!effect.is(setErrorLine)) continue
        const line = effect.value
        if (line === null || line < 1 || line > tr.state.doc.lines)
          next = { line: null, decorations: Decoration.none }
        else
          next = { line, decorations: Decoration.set([errorLineClass.range(tr.state.doc.line(line).from)]) }
      }
      return next
    },
    provide: (f) => EditorView.decorations.from(f, (value) => value.decorations),
  })
  const errorGutter = gutter({
    class: 'rc-error-gutter',
    markers: (view) => {
      const { decorations } = view.state.field(field)
      const ranges: { from: number; marker: GutterMarker }[] = []
      decorations.between(0, view.state.doc.length, (from) => {
        ranges.push({ from, marker: new ErrorMarker(label(view.state.doc.lineAt(from).number)) })
      })
      return RangeSet.of(ranges.map(({ from, marker }) => marker.range(from)))
    },
  })
  return [field, errorGutter]
}
