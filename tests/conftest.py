"""Shared test settings.

Hypothesis profiles: "ci" (used when CI=true) is thorough but keeps the whole
suite under a minute on 2 cores (150 cases per property: the full suite with
branch coverage took 44 s on an idle 2-core machine, 56 s at 200 cases); "dev" is quicker for local edits. Either way
a failing example is printed with the seed to reproduce it
(``--hypothesis-seed``), and ``derandomize`` in CI makes runs repeatable.
"""

import os
import sys
from pathlib import Path

from hypothesis import HealthCheck, settings

# The book's own code (book/support/: chapter figures, faulty backward passes,
# speed and landscape demonstrations) is imported as `support`, as the chapters do.
BOOK = str(Path(__file__).resolve().parent.parent / "book")
if BOOK not in sys.path:
    sys.path.insert(0, BOOK)

settings.register_profile(
    "ci",
    max_examples=150,
    derandomize=True,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("dev", max_examples=60, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
