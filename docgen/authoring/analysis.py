"""Which names a template uses that its document type does not provide: all of them at once.

A small walk over Jinja's syntax tree that follows the data's shapes: ``kurzkonzept`` is
the Kurzkonzept model, ``kurzkonzept.anlagen`` a list of ``Anlage``, the loop variable
in ``{% for a in kurzkonzept.anlagen %}`` one ``Anlage``, ``{% set k = kommune %}``
makes ``k`` the Kommune. Where nothing is known (macro arguments, filter results) it
checks nothing, so what it reports is certainly wrong.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from jinja2 import nodes

from docgen.authoring.names import UNKNOWN, Shape
from docgen.jinja_german import suggestion

BUILTINS = {"loop", "caller", "super", "self", "varargs", "kwargs", "range", "dict", "lipsum",
            "cycler", "joiner", "namespace", "true", "false", "none", "True", "False", "None"}


@dataclass(frozen=True)
class UnknownName:
    line: int
    message: str


Scope = dict[str, Shape]


class Analysis:
    def __init__(self, provided: Mapping[str, Shape], label: str = "diesem Dokumenttyp") -> None:
        self.provided = provided
        self.label = label
        self.found: list[UnknownName] = []
        self.referenced: list[tuple[str, str, Scope]] = []
        """Templates this one extends, includes or imports: (name, how, names known there)."""

    def run(self, template: nodes.Template) -> list[UnknownName]:
        scope: Scope = {}
        # top-level sets, macros and imports are visible everywhere (blocks run later)
        for node in template.body:
            self._declare_top(node, scope)
        self._body(template.body, scope)
        return self.found

    def _declare_top(self, node: nodes.Node, scope: Scope) -> None:
        if isinstance(node, nodes.Assign | nodes.AssignBlock):
            for target in self._targets(node.target):
                scope.setdefault(target, UNKNOWN)
        elif isinstance(node, nodes.Macro):
            scope[node.name] = UNKNOWN
        elif isinstance(node, nodes.Import):
            scope[node.target] = UNKNOWN
        elif isinstance(node, nodes.FromImport):
            for name in node.names:
                scope[name[1] if isinstance(name, tuple) else name] = UNKNOWN

    @staticmethod
    def _targets(target: nodes.Node) -> Iterator[str]:
        if isinstance(target, nodes.Name):
            yield target.name
        elif isinstance(target, nodes.Tuple):
            for item in target.items:
                yield from Analysis._targets(item)

    def _body(self, body: list[nodes.Node], scope: Scope) -> None:
        for node in body:
            self._node(node, scope)

    def _node(self, node: nodes.Node, scope: Scope) -> None:
        if isinstance(node, nodes.For):
            element = self._expr(node.iter, scope).item or UNKNOWN
            inner = dict(scope)
            names = list(self._targets(node.target))
            for name in names:
                inner[name] = element if len(names) == 1 else UNKNOWN
            inner["loop"] = UNKNOWN
            if node.test is not None:
                self._expr(node.test, inner)
            self._body(node.body, inner)
            self._body(node.else_, scope)
        elif isinstance(node, nodes.Assign):
            shape = self._expr(node.node, scope)
            names = list(self._targets(node.target))
            for name in names:
                scope[name] = shape if len(names) == 1 else UNKNOWN
        elif isinstance(node, nodes.AssignBlock):
            self._body(node.body, dict(scope))
            for name in self._targets(node.target):
                scope[name] = UNKNOWN
        elif isinstance(node, nodes.Macro | nodes.CallBlock):
            inner = dict(scope)
            for arg in node.args:
                inner[arg.name] = UNKNOWN
            for default in node.defaults:
                self._expr(default, scope)
            inner.update(caller=UNKNOWN, varargs=UNKNOWN, kwargs=UNKNOWN)
            if isinstance(node, nodes.CallBlock):
                self._expr(node.call, scope)
            else:
                scope[node.name] = UNKNOWN
            self._body(node.body, inner)
        elif isinstance(node, nodes.With):
            inner = dict(scope)
            for target, value in zip(node.targets, node.values, strict=False):
                shape = self._expr(value, scope)
                for name in self._targets(target):
                    inner[name] = shape
            self._body(node.body, inner)
        elif isinstance(node, nodes.Extends | nodes.Include | nodes.Import | nodes.FromImport):
            if isinstance(node.template, nodes.Const) and isinstance(node.template.value, str):
                how = "import" if isinstance(node, nodes.Import | nodes.FromImport) else "context"
                self.referenced.append((node.template.value, how, dict(scope)))
            self._declare_top(node, scope)
        elif isinstance(node, nodes.Expr | nodes.Output | nodes.If | nodes.Block
                        | nodes.FilterBlock | nodes.ScopedEvalContextModifier):
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self._expr(child, scope)
                else:
                    self._node(child, scope)
        else:
            for child in node.iter_child_nodes():
                if isinstance(child, nodes.Expr):
                    self._expr(child, scope)
                else:
                    self._node(child, scope)

    def _expr(self, node: nodes.Node, scope: Scope) -> Shape:
        if isinstance(node, nodes.Name):
            if node.name in scope:
                return scope[node.name]
            if node.name in self.provided:
                return self.provided[node.name]
            if node.name not in BUILTINS:
                valid = sorted({*self.provided, *scope})
                self.found.append(UnknownName(node.lineno, (
                    f"„{node.name}“ gibt es in {self.label} nicht"
                    f"{suggestion(node.name, valid) or '.'} Verfügbar: {', '.join(valid)}")))
            return UNKNOWN
        if isinstance(node, nodes.Getattr | nodes.Getitem):
            owner = self._expr(node.node, scope)
            if isinstance(node, nodes.Getitem):
                key = node.arg
                if not (isinstance(key, nodes.Const) and isinstance(key.value, str)):
                    self._expr(key, scope)
                    return owner.item or UNKNOWN
                attr = key.value
            else:
                attr = node.attr
            shape = owner.attribute(attr)
            if shape is None:
                valid = owner.valid()
                self.found.append(UnknownName(node.lineno, (
                    f"„{_dotted(node)}“: das Feld „{attr}“ gibt es nicht"
                    f"{suggestion(attr, valid) or '.'} Vorhanden: {', '.join(sorted(valid))}")))
                return UNKNOWN
            return shape
        for child in node.iter_child_nodes():
            self._expr(child, scope)
        return UNKNOWN


def _dotted(node: nodes.Node) -> str:
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        return f"{_dotted(node.node)}.{node.attr}"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        return f"{_dotted(node.node)}[{node.arg.value!r}]"
    return "…"
