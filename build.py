"""Build the explainer site: python build.py [build|check|serve|schema] --help."""

if __name__ == "__main__":
    try:  # from the first line: Ctrl-C while Python loads the tool gets one line, not a traceback
        import signal
        import sys

        from explainer.cli import main
    except KeyboardInterrupt:
        import sys  # built into the interpreter: importing it again cannot be interrupted half-way

        print("Interrupted.", file=sys.stderr)
        raise SystemExit(130) from None
    code = main()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # done: a late Ctrl-C cannot undo what was written
    sys.exit(code)
