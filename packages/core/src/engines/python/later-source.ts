// The Python side of the standard library's second zip (later-stdlib.ts): module `_runcell_later`, defined with
// the driver (driver-module.ts), so the memory snapshot holds it and a restored interpreter compiles nothing.
import { LATER_MODULES } from './stdlib-split.js'

// Until the zip is mounted, an import of one of its modules that no run could see coming (a dynamic import, a
// module imported inside a function) fails with a sentence saying why, not a bare "No module named".
export const LATER_SOURCE = `
import ast, sys

_later = frozenset(${JSON.stringify(LATER_MODULES)})
_why = 'Runcell is still downloading this part of the standard library; run the code again in a moment'


class _NotYet:
    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name.partition('.')[0] in _later:
            raise ModuleNotFoundError(f'No module named {name!r} yet: {_why}', name=name)
        return None


sys.meta_path.append(_NotYet)


def waits(code):
    """True when the code imports a module the interpreter has not imported yet (and that is not built in)."""
    if 'import' not in code:
        return False
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            if name not in sys.modules and name.partition('.')[0] not in sys.builtin_module_names:
                return True
    return False


def mount(path):
    # A path new to sys.path has no cached importer, so nothing needs invalidating (importlib.invalidate_caches()
    # would make the first zip's directory be read again, and import importlib.metadata: hundreds of ms).
    sys.path.append(path)
    # encodings was imported at start-up from the first zip; its other codecs are in this one.
    encodings = sys.modules.get('encodings')
    if encodings is not None:
        encodings.__path__.append(path + '/encodings')
        for name in [name for name, codec in encodings._cache.items() if codec is None]:
            del encodings._cache[name]
    sys.meta_path.remove(_NotYet)


def failed(reason):
    global _why
    _why = reason
`
