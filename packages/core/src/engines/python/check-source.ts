// The Python half of an exercise check, executed in the driver module's namespace (it reads `_namespaces`).
// It only ever runs in a fresh engine (frame/engine-slot.ts), after the learner's code, so what earlier runs on
// the page did to the interpreter can't reach it; the learner's own code in the same run still can.

/**
 * Python source that defines `check(namespace, code, stdout)`, returning a JSON verdict: `pass` when the check
 * code finishes, `fail` with the message of a failed `assert`, `error` with the type and message of anything
 * else. The check sees `ns` (the learner's globals), `stdout` and `result` (the last expression's value, kept by
 * `run` as `_Namespace.last`), and nothing it prints is shown.
 */
export const CHECK_SOURCE = String.raw`
def check(namespace, code, stdout):
    learner = _namespaces.get(namespace)
    scope = {
        '__name__': '__check__',
        '__builtins__': builtins,
        'ns': learner.globals if learner is not None else {},
        'stdout': str(stdout),
        'result': getattr(learner, 'last', None),
    }
    if learner is not None:
        # Files the learner's code wrote are where it left them.
        os.chdir(learner.cwd)
    saved = sys.stdout, sys.stderr
    # The check's own prints go nowhere: they would reveal it.
    sys.stdout = sys.stderr = io.StringIO()
    try:
        exec(compile(code, '<check>', 'exec', dont_inherit=True), scope)
    except AssertionError as error:
        message = _verdict_text(error) or 'The check failed.'
        return json.dumps({'status': 'fail', 'message': message})
    except BaseException as error:
        message = _verdict_text(error)
        name = type(error).__name__[:200]
        return json.dumps({'status': 'error', 'message': name + (': ' + message if message else '')})
    finally:
        sys.stdout, sys.stderr = saved
    return json.dumps({'status': 'pass'})


def _verdict_text(error):
    try:
        return _clip(str(error))
    except BaseException:
        return ''
`
