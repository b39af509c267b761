// The Python half of packages, defined as module `_runcell_packages` the first time a run imports something the
// interpreter lacks: which imports are missing, a stand-in `micropip` that routes to Runcell's checked loader, and
// the matplotlib hook that turns figures into image/png outputs.

import { LATER_ZIP_PATH } from './stdlib-split.js'

/** Python source of `_runcell_packages`. `setup(load)` installs micropip; `flush_figures()` shows open figures. */
export const PACKAGES_SOURCE = String.raw`
import ast, importlib.machinery, importlib.util, sys, types

# Imported here, so that the memory snapshot (which holds this module) holds it too.
from pyodide.code import find_imports

_load = None


class PackageError(Exception):
    """A package can't be had: not in the site's index, not allowed, a checksum mismatch, or a failed download."""


_IMPORT_ERRORS = {'ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException'}
_TRY = (ast.Try, ast.TryStar) if hasattr(ast, 'TryStar') else (ast.Try,)


def _catches_import_error(handler):
    kind = handler.type
    kinds = kind.elts if isinstance(kind, ast.Tuple) else [kind]
    return kind is None or any(isinstance(k, ast.Name) and k.id in _IMPORT_ERRORS for k in kinds)


def _top_names(node):
    if isinstance(node, ast.Import):
        return [alias.name.split('.')[0] for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module.split('.')[0]]
    return []


def _guarded(code):
    """Modules imported only inside a try whose except catches ImportError: the code has its own way out."""
    try:
        tree = ast.parse(code)
    except Exception:
        return set()
    inside, outside = set(), set()

    def visit(node, guarded):
        (inside if guarded else outside).update(_top_names(node))
        if isinstance(node, _TRY) and any(_catches_import_error(h) for h in node.handlers):
            for statement in node.body:
                visit(statement, True)
            for rest in (*node.handlers, *node.orelse, *node.finalbody):
                visit(rest, guarded)
            return
        for child in ast.iter_child_nodes(node):
            visit(child, guarded)

    visit(tree, False)
    return inside - outside


_LATER_ZIP = ${JSON.stringify(LATER_ZIP_PATH)}


def _found(name):
    """importlib.util.find_spec(name) is not None, except that a module outside the standard library is not looked
    for in the standard library's second zip: it holds nothing else, and the first search through it reads its whole
    directory in Python (10 ms after a snapshot start, measured), which an import of a package need not wait for."""
    if name in sys.stdlib_module_names:
        return importlib.util.find_spec(name) is not None
    path = [entry for entry in sys.path if entry != _LATER_ZIP]
    for finder in sys.meta_path:
        find = getattr(finder, 'find_spec', None)
        if find is not None and find(name, path if finder is importlib.machinery.PathFinder else None) is not None:
            return True
    return False


def missing_imports(code):
    """Top-level modules the code imports (the way pyodide.code.find_imports sees them) that aren't importable,
    as [needed, guarded]: guarded ones are imported only in a try that catches ImportError."""
    if 'import' not in code:
        return [[], []]
    try:
        names = find_imports(code)
    except Exception:
        # A syntax error is the run's to report, with its line.
        return [[], []]
    missing = []
    for name in names:
        if name in sys.modules:
            continue
        try:
            if _found(name):
                continue
        except (ImportError, ValueError):
            pass
        missing.append(name)
    if not missing:
        return [[], []]
    guarded = _guarded(code)
    return [[n for n in missing if n not in guarded], [n for n in missing if n in guarded]]


_URL = r'^[a-zA-Z][a-zA-Z0-9+.-]*:|\.whl$|^[./\\]'
_NAME = r'[A-Za-z0-9][A-Za-z0-9._-]*'


async def _install(requirements, keep_going=False, deps=True, credentials=None, pre=False, index_urls=None, **_):
    """micropip.install for this page: names from the site's package index only; version specifiers are ignored."""
    import re

    items = [requirements] if isinstance(requirements, str) else list(requirements)
    names = []
    for item in items:
        if not isinstance(item, str):
            raise TypeError('micropip.install takes package names (str)')
        spec = item.strip()
        if re.search(_URL, spec):
            raise PackageError(
                f'{spec[:200]}: not installed: micropip here installs packages from this site\'s package index by '
                'name, never URLs or files'
            )
        match = re.match(_NAME, spec)
        if not match:
            raise PackageError(f'{spec[:200]!r} is not a package name')
        names.append(match.group(0))
    error = await _load(names)
    if error:
        raise PackageError(error)


def _list():
    from importlib.metadata import distributions
    return {d.metadata['Name']: d.version for d in distributions()}


def setup(load):
    """Registers the stand-in micropip; load(names) resolves to None or the failure message."""
    global _load
    _load = load
    module = types.ModuleType('micropip')
    module.__doc__ = 'Runcell stand-in for micropip: installs packages from the site\'s package index only.'
    module.__spec__ = importlib.machinery.ModuleSpec('micropip', None)
    module.install = _install
    module.list = _list
    module.PackageError = PackageError
    PackageError.__module__ = 'micropip'
    sys.modules['micropip'] = module
    if not any(isinstance(f, _PyplotHook) for f in sys.meta_path):
        sys.meta_path.insert(0, _PyplotHook())


def invalidate():
    """Makes newly written packages importable. Not importlib.invalidate_caches(): that also re-reads the standard
    library's zip and imports importlib.metadata, which cost hundreds of ms in a freshly restored interpreter."""
    for finder in list(sys.path_importer_cache.values()):
        if isinstance(finder, importlib.machinery.FileFinder):
            finder.invalidate_caches()
    metadata = sys.modules.get('importlib.metadata')
    if metadata is not None:
        metadata.MetadataPathFinder.invalidate_caches()


class _Png:
    def __init__(self, data):
        self._data = data

    def _repr_png_(self):
        return self._data


def flush_figures():
    """Shows every open matplotlib figure as a PNG output and closes it, as Jupyter's inline backend does."""
    plt = sys.modules.get('matplotlib.pyplot')
    if plt is None:
        return
    # The driver is not in sys.modules (user code must not import it); every run puts its display in builtins.
    import builtins

    display = builtins.display
    for number in list(plt.get_fignums()):
        figure = plt.figure(number)
        import io

        buffer = io.BytesIO()
        figure.savefig(buffer, format='png', bbox_inches='tight')
        plt.close(figure)
        display(_Png(buffer.getvalue()))


def _show(*args, **kwargs):
    flush_figures()


class _PyplotHook:
    """Selects the non-interactive Agg backend just before matplotlib.pyplot is first imported (a worker has no
    screen), and makes pyplot.show() put the figures in the run's output."""

    def find_spec(self, name, path=None, target=None):
        if name != 'matplotlib.pyplot':
            return None
        import matplotlib

        matplotlib.use('Agg')
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        loader = getattr(spec, 'loader', None)
        if loader is None or not hasattr(loader, 'exec_module'):
            return spec
        real = loader.exec_module

        def exec_module(module):
            real(module)
            module.show = _show

        loader.exec_module = exec_module
        return spec
`
