"""``{% extends %}`` as Django writes it, with the blocks of the root template kept (a builtin:
it replaces Django's tag in every template).

Every rendering of a page that extends ``base.html`` walked the whole node tree of
``base.html`` to collect its ``{% block %}`` nodes (``NodeList.get_nodes_by_type``): a fifth of a
millisecond per page for a result that is the same for every rendering of that compiled template.
The blocks are kept on the compiled parent (a template compiled again, in development, is a new
object); the rendering is otherwise Django's own, line for line."""

from django import template
from django.template.base import TextNode
from django.template.loader_tags import BLOCK_CONTEXT_KEY, BlockContext, BlockNode, ExtendsNode, do_extends

register = template.Library()

_NOT_ROOT = {}  # kept for a parent that extends another template: its blocks come from its own tag


def _root_blocks(compiled_parent) -> dict:
    blocks = compiled_parent.__dict__.get("_opora_root_blocks")
    if blocks is None:
        blocks = _NOT_ROOT
        for node in compiled_parent.nodelist:
            # The ExtendsNode has to be the first non-text node.
            if not isinstance(node, TextNode):
                if not isinstance(node, ExtendsNode):
                    blocks = {n.name: n for n in compiled_parent.nodelist.get_nodes_by_type(BlockNode)}
                break
        compiled_parent._opora_root_blocks = blocks
    return blocks


class KeptExtendsNode(ExtendsNode):
    def render(self, context):
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        blocks = _root_blocks(compiled_parent)
        if blocks is not _NOT_ROOT:
            block_context.add_blocks(blocks)
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)


@register.tag("extends")
def extends(parser, token):
    """``{% extends "base.html" %}``: Django's tag (see the module)."""
    node = do_extends(parser, token)
    return KeptExtendsNode(node.nodelist, node.parent_name, node.template_dirs)
