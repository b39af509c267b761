// sql.js ships no types and no ESM build; this declares the part of its browser build that Runcell uses.
declare module 'sql.js/dist/sql-wasm-browser.js' {
  /** Emscripten settings sql.js passes through; only the hooks Runcell sets are listed. */
  interface SqlJsConfig {
    instantiateWasm(
      imports: WebAssembly.Imports,
      receive: (instance: WebAssembly.Instance) => void,
    ): Record<string, never>
    print?(text: string): void
    printErr?(text: string): void
  }
  function initSqlJs(config: SqlJsConfig): Promise<unknown>
  export default initSqlJs
}
