// The Python half of the engine, run once after Pyodide loads. It owns namespaces, output streams, rich
// display and error reports, so that each run costs one call from JS into Python.

import { CHECK_SOURCE } from './check-source.js'
/**
 * Python source that defines `setup(sink, show, memory_mb, ask, stopped)`, `run(...)` and `drop(namespace)`. `run`
 * returns a JSON string (or a coroutine of one, for code with top-level `await`) describing how the run ended.
 */
export const DRIVER_SOURCE: string =
  String.raw`
import ast, base64, builtins, io, json, linecache, os, shutil, sys, traceback

MAX_ERROR_CHARS = 20_000
MAX_DISPLAY_CHARS = 5_000_000
FLUSH_CHARS = 8_192
CELL_PREFIX = '<cell'

_sink = _show = None
_memory_mb = 0
_namespaces = {}
# How the current run may ask the reader for input: 'off', 'sab' (the JS ask blocks on a shared buffer), 'jspi'
# (the JS ask returns a Promise that run_sync waits for) or 'replay' (end the run; the runner runs it again with
# the answer). _ask_js, given once at setup, asks through the current run (it is one function for the engine's
# life: handing Python a fresh JS function per run cost every run a conversion).
_input_mode = 'off'
_ask_js = None
# Whether the runner's interrupt reached the current run (a Stop or a timeout): a JS function, given at setup.
_stopped_js = None


class _NeedInput(BaseException):
    """Ends a run that needs an answer it can't wait for (the 'replay' mode). Not an Exception, so user
    code's except Exception doesn't swallow it."""

    def __init__(self, prompt):
        super().__init__(prompt)
        self.prompt = prompt


def _ask(prompt):
    """The reader's answer to prompt, or None for end of input."""
    if _input_mode == 'off' or _ask_js is None:
        return None
    _output.flush()
    if _input_mode == 'jspi':
        from pyodide.ffi import can_run_sync, run_sync

        if can_run_sync():
            answer = run_sync(_ask_js(prompt))
            return answer if isinstance(answer, str) else None
    elif _input_mode == 'sab':
        answer = _ask_js(prompt)
        return answer if isinstance(answer, str) else None
    raise _NeedInput(prompt)


class _Stdin(io.TextIOBase):
    """sys.stdin: the run's preset text first, then answers given so far (replay), then the reader.
    Answers from the reader are echoed to stdout, so the output reads like a terminal transcript."""

    def __init__(self, preset, answers):
        # Most runs have neither: they cost nothing until read.
        self._preset = io.StringIO(preset) if preset else None
        self._answers = list(answers) if answers else []
        self._eof = False

    encoding = 'utf-8'
    errors = 'strict'
    name = '<stdin>'

    def readable(self):
        return True

    def isatty(self):
        return False

    def _line(self, prompt, empty_ends=False):
        line = self._preset.readline() if self._preset is not None else ''
        if line or self._eof:
            return line
        answer = self._answers.pop(0) if self._answers else _ask(prompt)
        if answer is None:
            self._eof = True
            return ''
        _output.write('stdout', answer + '\n')
        if empty_ends and answer == '':
            # Iterating or read(): an empty answer ends the input, as Ctrl-D would in a terminal.
            self._eof = True
            return ''
        return answer + '\n'

    def readline(self, size=-1):
        return self._line('')

    def read(self, size=-1):
        parts = []
        while True:
            line = self._line('', True)
            if not line:
                return ''.join(parts)
            parts.append(line)

    def readlines(self, hint=-1):
        return list(self)

    def __iter__(self):
        return self

    def __next__(self):
        line = self._line('', True)
        if not line:
            raise StopIteration
        return line


def _input(prompt=''):
    """builtins.input: writes the prompt, then reads a line from sys.stdin (asking the reader when needed)."""
    prompt = str(prompt)
    if prompt:
        _output.write('stdout', prompt)
    stdin = sys.stdin
    line = stdin._line(prompt) if isinstance(stdin, _Stdin) else stdin.readline()
    if not line:
        raise EOFError('EOF when reading a line')
    return line[:-1] if line.endswith('\n') else line


class _Output:
    """stdout and stderr of the current run: line-buffered, in order, capped, handed to JS a line at a time."""

    def __init__(self):
        self.reset(0)

    def reset(self, limit):
        self.parts, self.kind, self.size, self.room = [], None, 0, limit

    def write(self, kind, text):
        if self.room < 0 or not text:
            return
        if len(text) > self.room:
            # One character past the cap tells the JS side that output was cut.
            text = text[: self.room + 1]
        self.room -= len(text)
        if kind != self.kind:
            self.flush()
            self.kind = kind
        self.parts.append(text)
        self.size += len(text)
        if '\n' in text or self.size >= FLUSH_CHARS:
            self.flush()

    def flush(self):
        if self.parts:
            text, self.parts, self.size = ''.join(self.parts), [], 0
            _sink(self.kind, text)


_output = _Output()


class _Binary(io.RawIOBase):
    def __init__(self, text):
        self._text = text

    def writable(self):
        return True

    def write(self, data):
        self._text.write(bytes(data).decode('utf-8', 'replace'))
        return len(data)


class _Stream(io.TextIOBase):
    """sys.stdout / sys.stderr, sharing one buffer so that stdout and stderr keep their order."""

    def __init__(self, kind):
        self._kind = kind
        self.buffer = _Binary(self)

    encoding = 'utf-8'
    errors = 'strict'

    @property
    def name(self):
        return '<' + self._kind + '>'

    def writable(self):
        return True

    def isatty(self):
        return False

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError('write() argument must be str, not ' + type(text).__name__)
        _output.write(self._kind, text)
        return len(text)

    def flush(self):
        _output.flush()


class _Namespace:
    def __init__(self, cwd):
        self.globals = {'__name__': '__main__', '__builtins__': builtins}
        self.cells = {}
        self.runs = 0
        self.cwd = cwd
        # The value of the last run's last expression: what a check sees as result.
        self.last = None


def _bundle(obj):
    """The richest (mime, text) pair an object offers, the way notebook frontends choose."""
    bundle = {}
    method = getattr(obj, '_repr_mimebundle_', None)
    if callable(method):
        found = method()
        if isinstance(found, tuple):
            found = found[0]
        if isinstance(found, dict):
            bundle.update(found)
    for mime, name in (('text/html', '_repr_html_'), ('image/svg+xml', '_repr_svg_'), ('image/png', '_repr_png_')):
        method = getattr(obj, name, None)
        if mime not in bundle and callable(method) and not isinstance(obj, type):
            value = method()
            if isinstance(value, tuple):
                value = value[0]
            if value is not None:
                bundle[mime] = value
    for mime in ('text/html', 'image/svg+xml', 'image/png'):
        value = bundle.get(mime)
        if isinstance(value, (bytes, bytearray)):
            value = base64.b64encode(value).decode('ascii') if mime == 'image/png' else bytes(value).decode()
        if isinstance(value, str):
            return mime, value
    return 'text/plain', repr(obj)


def display(*objs):
    """Shows each object as a rich output: HTML, SVG or PNG when it offers one, else its repr."""
    for obj in objs:
        mime, data = _bundle(obj)
        if len(data) > MAX_DISPLAY_CHARS:
            print(f'[display output of {len(data)} characters is too large to show]', file=sys.stderr)
            continue
        _output.flush()
        _show(mime, data)


def _cell_name(ns):
    return CELL_PREFIX + ('>' if ns.runs == 1 else f' {ns.runs}>')


# The namespace whose cells linecache holds, and the name of its newest cell there.
_cells_in_cache = [None, None]


def _use_cells(ns, filename):
    # linecache is global; tracebacks must show this namespace's cells, not another's with the same name. Refilling
    # it costs one step per earlier run, so it is done only when another namespace ran last (or code emptied it);
    # otherwise the new cell is added alone.
    held, newest = _cells_in_cache
    if held is not ns or newest not in linecache.cache:
        for name in [n for n in linecache.cache if isinstance(n, str) and n.startswith(CELL_PREFIX)]:
            del linecache.cache[name]
        linecache.cache.update(ns.cells)
    linecache.cache[filename] = ns.cells[filename]
    _cells_in_cache[:] = [ns, filename]


def _clip(text, keep_tail=False):
    if len(text) <= MAX_ERROR_CHARS:
        return text
    return '…' + text[-(MAX_ERROR_CHARS - 1) :] if keep_tail else text[: MAX_ERROR_CHARS - 1] + '…'


def _user_line(error, filename):
    if isinstance(error, SyntaxError) and error.filename == filename and error.lineno:
        return error.lineno
    line, tb = None, error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def _report(error, filename):
    tb = error.__traceback__
    # Drop the driver's own frames, so the traceback starts in the user's code.
    while tb is not None and tb.tb_frame.f_code.co_filename != filename:
        tb = tb.tb_next
    text = ''.join(traceback.format_exception(type(error), error, tb))
    try:
        message = str(error)
    except Exception:
        message = f'<{type(error).__name__} whose str() failed>'
    status = 'error'
    if isinstance(error, MemoryError):
        status = 'limit'
        message = message or f'out of memory: the run needs more than the {_memory_mb} MB memory limit.'
    report = {'name': type(error).__name__[:200], 'message': _clip(message), 'traceback': _clip(text, True)}
    line = _user_line(error, filename)
    if line:
        report['line'] = line
    return json.dumps({'status': status, 'error': report})


def _cancel_leftovers():
    """Cancels the asyncio tasks a run's code started and left running, so they can't write into a later run's
    output. A task that catches CancelledError and goes on is not stopped: one interpreter can't force it."""
    try:
        import asyncio

        loop = asyncio.get_event_loop()
        mine = asyncio.current_task(loop)
        tasks = asyncio.all_tasks(loop)
    except Exception:
        return
    for task in tasks:
        # Only tasks of coroutines written in a cell: Pyodide's own (the futures behind JSPI's run_sync, which
        # hand a waiting run its answer) must live on.
        code = getattr(task.get_coro(), 'cr_code', None)
        if task is not mine and code is not None and code.co_filename.startswith(CELL_PREFIX):
            task.cancel()


# What a run the runner stopped replies: the runner keeps only the fact that it unwound.
_STOPPED = json.dumps({'status': 'error', 'error': {'name': 'KeyboardInterrupt', 'message': ''}})


# _report and _cancel_leftovers are bound as defaults, here and in run/_run_async below: a run that replaces the
# module's attributes (through display.__globals__, say) doesn't change how later runs end.
#
# A Stop's path skips what it doesn't need: the search for leftover tasks (only a cell with 'async' or 'await' can
# leave one) and the report of the KeyboardInterrupt. In Chromium, each cold path a Stop took threw the eval loop,
# optimised while the stopped code ran, back to baseline code, one Stop after another (issue 13's stop row).
def _finish(error, filename, may_leave_tasks, *, _report=_report, _cancel_leftovers=_cancel_leftovers):
    if may_leave_tasks:
        _cancel_leftovers()
    _output.flush()
    if isinstance(error, _NeedInput):
        return json.dumps({'status': 'needs-input', 'prompt': error.prompt[:MAX_ERROR_CHARS]})
    if type(error) is KeyboardInterrupt and _stopped_js is not None and _stopped_js():
        return _STOPPED
    if error is None or (isinstance(error, SystemExit) and error.code in (None, 0)):
        return json.dumps({'status': 'ok'})
    return _report(error, filename)


def _compile(code, filename):
    flags = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
    tree = compile(code, filename, 'exec', flags | ast.PyCF_ONLY_AST, dont_inherit=True)
    last = None
    if tree.body and isinstance(tree.body[-1], ast.Expr) and not code.rstrip().endswith(';'):
        last = compile(ast.Expression(tree.body.pop().value), filename, 'eval', flags, dont_inherit=True)
    return compile(tree, filename, 'exec', flags, dont_inherit=True), last


def _is_coroutine(code):
    return bool(code.co_flags & 0x80)


async def _run_async(body, last, ns, filename, *, _finish=_finish):
    error = None
    try:
        value = eval(body, ns.globals)
        if _is_coroutine(body):
            await value
        if last is not None:
            value = eval(last, ns.globals)
            if _is_coroutine(last):
                value = await value
            ns.last = value
            if value is not None:
                display(value)
    except BaseException as caught:
        error = caught
    # Only code with 'await' or 'async' gets here.
    return _finish(error, filename, True)


def setup(sink, show, memory_mb, ask=None, stopped=None):
    global _sink, _show, _memory_mb, _ask_js, _stopped_js
    _sink, _show, _memory_mb, _ask_js, _stopped_js = sink, show, memory_mb, ask, stopped
    sys.stdout, sys.stderr = _Stream('stdout'), _Stream('stderr')
    builtins.display = display
    builtins.input = _input


def run(
    namespace, code, stdin, cwd, limit, answers=None, input_mode='off', *,
    _finish=_finish, _run_async=_run_async, _async_cells=[False],
):
    global _input_mode
    # A task can run a coroutine written in a cell only once some cell has held 'async' or 'await'.
    if not _async_cells[0] and ('async' in code or 'await' in code):
        _async_cells[0] = True
    ns = _namespaces.get(namespace)
    if ns is None:
        ns = _namespaces[namespace] = _Namespace(cwd)
    ns.runs += 1
    ns.last = None
    filename = _cell_name(ns)
    ns.cells[filename] = (len(code), None, code.splitlines(True), filename)
    _use_cells(ns, filename)
    _output.reset(limit)
    # sys and builtins are shared by every namespace: undo what an earlier run may have replaced.
    sys.stdout, sys.stderr = _Stream('stdout'), _Stream('stderr')
    _input_mode = input_mode
    sys.stdin = _Stdin(stdin, answers)
    builtins.display = display
    builtins.input = _input
    os.chdir(ns.cwd)
    error = None
    try:
        body, last = _compile(code, filename)
        if _is_coroutine(body) or (last is not None and _is_coroutine(last)):
            return _run_async(body, last, ns, filename)
        exec(body, ns.globals)
        if last is not None:
            value = eval(last, ns.globals)
            ns.last = value
            if value is not None:
                display(value)
    except BaseException as caught:
        error = caught
    return _finish(error, filename, _async_cells[0])


def drop(namespace):
    ns = _namespaces.pop(namespace, None)
    if ns is None:
        return
    if os.getcwd() == ns.cwd:
        os.chdir(os.path.expanduser('~'))
    shutil.rmtree(ns.cwd, ignore_errors=True)
` + CHECK_SOURCE
