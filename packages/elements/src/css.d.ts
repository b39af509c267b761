// The build imports stylesheets as text (tsup's `loader: { '.css': 'text' }`), to put them in a shadow root.
declare module '*.css' {
  const css: string
  export default css
}
