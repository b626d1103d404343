#!/usr/bin/env python3
"""Copies the docstrings of the installed csrkit (the Rust doc comments, as PyO3 gives
them) into csrkit/__init__.pyi, so that the stubs carry them: for the module, each class,
each function (the first stub of an overloaded one) and Pair's properties.

    pip install ./python && python python/sync_stub_docs.py

python/tests/test_csrkit.py checks that they are equal.
"""

import ast
import importlib
import inspect
import pathlib
import sys
from typing import Any, List, Optional, Tuple

HERE = pathlib.Path(__file__).resolve().parent
STUB = HERE / "csrkit" / "__init__.pyi"
# The installed csrkit, not the source folder beside this script (it has no _native).
sys.path = [p for p in sys.path if pathlib.Path(p or ".").resolve() != HERE]
csrkit = importlib.import_module("csrkit")


def literal(doc: str, indent: str) -> str:
    """A docstring literal at `indent`: one line, or the text with its closing quotes on
    a line of their own."""
    text = doc.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if "\n" not in text:
        return f'{indent}"""{text}"""'
    lines = text.split("\n")
    body = "\n".join((indent + line) if line else "" for line in lines[1:])
    return f'{indent}"""{lines[0]}\n{body}\n{indent}"""'


def edits(nodes: List[ast.stmt], owner: Any, indent: str) -> List[Tuple[int, int, str]]:
    """(first line, end line, new text) for each docstring under `nodes`."""
    out: List[Tuple[int, int, str]] = []
    seen = set()
    for node in nodes:
        if not isinstance(node, (ast.FunctionDef, ast.ClassDef)) or node.name in seen:
            continue
        seen.add(node.name)
        runtime = getattr(owner, node.name)
        doc: Optional[str] = inspect.getdoc(runtime)
        if not doc:
            continue
        first = node.body[0]
        new = literal(doc, indent + "    ")
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            out.append((first.lineno, first.end_lineno or first.lineno, new))
        elif len(node.body) == 1 and node.body[0].lineno == node.lineno:
            # `def f(...) -> T: ...` on one line: the body becomes the docstring.
            raise SystemExit(f"{STUB}:{node.lineno}: write {node.name}'s body on its own line")
        else:
            out.append((first.lineno, first.lineno - 1, new))
        if isinstance(node, ast.ClassDef):
            out.extend(edits(node.body, runtime, indent + "    "))
    return out


def main() -> None:
    text = STUB.read_text(encoding="utf-8")
    tree = ast.parse(text)
    lines = text.split("\n")
    todo = edits(tree.body, csrkit, "")
    module = tree.body[0]
    assert isinstance(module, ast.Expr), "the stubs start with the module's docstring"
    todo.append((module.lineno, module.end_lineno or module.lineno, literal(inspect.cleandoc(csrkit.__doc__ or ""), "")))
    for start, end, new in sorted(todo, reverse=True):
        lines[start - 1 : end] = new.split("\n")
    STUB.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
