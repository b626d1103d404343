#!/usr/bin/env python3
"""The README's Python example, as its code block holds it: the tests run it and
`.ci/run` type-checks it (`python python/tests/readme_block.py > FILE; mypy --strict FILE`).
"""

import pathlib
import re
import sys
from typing import List

README = pathlib.Path(__file__).resolve().parents[2] / "README.md"


def python_blocks(text: str) -> List[str]:
    """The ```python blocks of a Markdown text, in order."""
    return re.findall(r"^```python\n(.*?)^```$", text, flags=re.M | re.S)


def readme_python() -> str:
    """The README's one Python block."""
    blocks = python_blocks(README.read_text(encoding="utf-8"))
    if len(blocks) != 1:
        raise SystemExit(f"{README}: {len(blocks)} Python blocks, expected 1")
    return blocks[0]


if __name__ == "__main__":
    sys.stdout.write(readme_python())
