"""Magic: a bare expression statement in the script is shown with ``st.write``."""

from __future__ import annotations

import ast

MAGIC_NAME = "__kernel_magic__"
"""The name the rewritten script calls; the runner binds it in the script's namespace."""

_BODY_FIELDS = ("body", "orelse", "finalbody")


class _MagicTransformer(ast.NodeTransformer):
    """Rewrite expression statements (not calls, docstrings, yields or awaits)."""

    def _rewrite_body(self, body: list[ast.stmt], *, has_docstring: bool) -> list[ast.stmt]:
        out = []
        for i, stmt in enumerate(body):
            self.visit(stmt)
            if isinstance(stmt, ast.Expr) and not (has_docstring and i == 0 and _is_docstring(stmt)):
                value = stmt.value
                if not isinstance(value, ast.Call | ast.Yield | ast.YieldFrom | ast.Await):
                    args = value.elts if isinstance(value, ast.Tuple) else [value]
                    call = ast.Call(func=ast.Name(id=MAGIC_NAME, ctx=ast.Load()), args=args, keywords=[])
                    stmt = ast.copy_location(ast.Expr(value=ast.copy_location(call, value)), stmt)
            out.append(stmt)
        return out

    def generic_visit(self, node: ast.AST) -> ast.AST:
        is_scope = isinstance(node, ast.Module | ast.FunctionDef | ast.AsyncFunctionDef)
        if isinstance(node, ast.ClassDef):
            # Class bodies are not displayed, but methods inside them are.
            for stmt in node.body:
                self.visit(stmt)
            return node
        for field in _BODY_FIELDS:
            body = getattr(node, field, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                setattr(node, field, self._rewrite_body(body, has_docstring=is_scope and field == "body"))
        for handler in getattr(node, "handlers", None) or ():
            handler.body = self._rewrite_body(handler.body, has_docstring=False)
        for case in getattr(node, "cases", None) or ():
            case.body = self._rewrite_body(case.body, has_docstring=False)
        return node


def _is_docstring(stmt: ast.Expr) -> bool:
    return isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)


def add_magic(tree: ast.Module) -> ast.Module:
    """Rewrite ``tree`` in place so bare expressions call :data:`MAGIC_NAME`."""
    _MagicTransformer().visit(tree)
    return ast.fix_missing_locations(tree)
