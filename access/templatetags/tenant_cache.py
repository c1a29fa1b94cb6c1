"""``{% tenant_cache "name" vary... %}…{% endtenant_cache %}``: a fragment kept per tenant data version.

Like Django's ``{% cache %}``, but the key always carries the release, the data versions of the
request's tenants, the language and the date (access.cache), so a page cannot forget them. List after the
name whatever else changes the fragment for this viewer (a right, the user for a personal
fragment, a clock fact). Forms (their CSRF token) stay outside: the tag refuses to keep one.
Views pass the fragment's data as lazy values (``SimpleLazyObject``) so a kept fragment costs
none of its queries.
"""

from django import template

from access.cache import cached_fragment

register = template.Library()


class TenantCacheNode(template.Node):
    def __init__(self, nodelist, name, vary):
        self.nodelist, self.name, self.vary = nodelist, name, vary

    def render(self, context):
        request = context.get("request")
        if request is None:
            raise template.TemplateSyntaxError("tenant_cache needs the request in the template context.")
        name = self.name.resolve(context)
        vary = [v.resolve(context) for v in self.vary]
        return cached_fragment(request, name, vary, lambda: self.nodelist.render(context))


@register.tag("tenant_cache")
def tenant_cache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'tenant_cache' needs a fragment name.")
    nodelist = parser.parse(("endtenant_cache",))
    parser.delete_first_token()
    return TenantCacheNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]])
