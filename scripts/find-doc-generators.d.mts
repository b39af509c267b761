/** Each generator's command and the Debian package that provides it. */
export const DOC_GENERATORS: Record<string, string>
/** Makes sure `mkdocs` and `sphinx-build` are on PATH, installing them with apt as root on Debian. */
export function ensureDocGenerators(options?: { install?: boolean }): void
