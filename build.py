"""Build the explainer site: python build.py [build|check|serve|schema] --help."""

import signal
import sys

if __name__ == "__main__":
    try:
        from explainer.cli import main
    except KeyboardInterrupt:  # Ctrl-C while Python loads the tool: one line, no traceback
        print("Interrupted.", file=sys.stderr)
        sys.exit(130)
    code = main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # done: a late Ctrl-C cannot undo what was written
    sys.exit(code)
