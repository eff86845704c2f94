"""What a topic, a source or a template set may be called: an id, a file's stem, never a path.

Apart from the models so that the command line can check a name before
the models are imported (start-up: tests/test_startup.py).
"""

from __future__ import annotations

import re

# \Z, not $: "$" also matches before a final newline, and a file named "x\n.yaml" is no id.
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*\Z")
