"""Every URL pattern of the project, by name, with an example path to request it by."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter


@dataclass(frozen=True)
class Route:
    url_name: str | None
    route: str
    kwargs: tuple[tuple[str, object], ...]

    def path(self) -> str:
        assert self.url_name is not None
        return reverse(self.url_name, kwargs=dict(self.kwargs))


def _example(converter: object) -> object:
    if isinstance(converter, IntConverter):
        return 1
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=1)
    return "example"


def routes(
    patterns: list | None = None, namespace: str = "", prefix: str = "", kwargs: tuple = ()
) -> Iterator[Route]:
    """Each URLPattern once, with its full name (`namespace:name`, None when unnamed)."""
    for entry in patterns if patterns is not None else get_resolver().url_patterns:
        converters = getattr(entry.pattern, "converters", {})
        here = kwargs + tuple((k, _example(c)) for k, c in converters.items())
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry.url_patterns, inner, route, here)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else None
            yield Route(name, route, here)
