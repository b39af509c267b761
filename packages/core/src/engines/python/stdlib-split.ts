// Which modules of the standard library go in the second zip, the one a reader's first output does not wait for.
// Read by the build (bin/pyodide-stdlib.mjs, through dist/python-stdlib-split.js) and by the worker
// (later-stdlib.ts), so both agree on what is in it. Kept free of imports: the build loads it in Node.

/** Where the worker puts the second zip in the interpreter's file system; sys.path gets it after the first. */
export const LATER_ZIP_PATH = '/lib/python_stdlib_later.zip'

/**
 * Top-level modules and packages of the second zip: big, and rarely imported by a docs snippet. None may be
 * imported at start-up (the build checks): the first zip holds everything start-up needs, precompiled.
 * Through a 20 Mbit/s link these were about 1.1 MB of the 3.1 MB zip (issue 19).
 */
export const LATER_MODULES: readonly string[] = [
  ...['email', 'mailbox', 'imaplib', 'smtplib', 'poplib', 'ftplib', 'netrc', 'quopri', 'mimetypes'],
  ...['http', 'urllib', 'xmlrpc', 'wsgiref', 'socketserver', 'html', '_markupbase', 'xml', 'plistlib'],
  ...['multiprocessing', 'ctypes', 'sqlite3', 'unittest', 'doctest', 'pdb', 'bdb', 'pydoc', 'trace'],
  ...['profile', 'cProfile', 'pstats', 'tracemalloc', '_pyrepl', 'code', 'cmd', 'rlcompleter', 'runpy'],
  ...['_pyio', '_pydatetime', 'difflib', 'argparse', 'optparse', 'gettext', 'configparser', 'tomllib'],
  ...['pickletools', 'tarfile', 'ipaddress', 'wave', 'fileinput', 'filecmp', 'shelve', 'symtable'],
  ...['stringprep', 'tabnanny', 'pyclbr', 'py_compile', 'compileall', 'zipapp', 'modulefinder'],
  ...['webbrowser', 'antigravity', 'pty', 'tty', 'getpass', 'nturl2path'],
]

/**
 * Codecs the first zip keeps besides those start-up imports: the common ones. The other modules of
 * `encodings` (charmap tables, CJK codecs: 0.3 MB) go in the second zip.
 */
export const FIRST_ENCODINGS: readonly string[] = [
  ...['ascii', 'latin_1', 'utf_8', 'utf_8_sig', 'utf_16', 'utf_16_le', 'utf_16_be', 'utf_32', 'utf_32_le'],
  ...['utf_32_be', 'cp1252', 'cp437', 'iso8859_1', 'iso8859_15', 'charmap', 'raw_unicode_escape'],
  ...['unicode_escape', 'base64_codec', 'hex_codec', 'aliases'],
]
