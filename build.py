"""Build the explainer site: python build.py [build|check|serve|schema] --help."""

import sys

from explainer.cli import main

if __name__ == "__main__":
    sys.exit(main())
