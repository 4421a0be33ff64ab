"""Pages and fragments sent gzip-compressed to a browser that accepts it.

Why: the case page of De Bilt is ~450 kB of HTML (a form per number, each with its
"Onzeker?" form); over a slow line (1 Mbit/s, a municipality's VPN, a phone) that is
~4 s before the page is there. Compressed it is ~55 kB. Level 1, not Django's 6: ~2 ms
instead of ~5 ms of CPU for that page, for a file ~25 % larger than level 6 makes.

Only text (HTML, CSV, JSON, YAML, JavaScript, CSS, SVG) of at least :data:`SMALLEST`
bytes; PDF, Word and Excel files are compressed formats already, and streamed answers
and whitenoise's static files (which it compresses beforehand) are left as they are.

BREACH (guessing a secret in a compressed page from its length): the CSRF token is
masked anew for every page (Django), and, as Django's own ``GZipMiddleware`` does since
4.2, the gzip header carries a file name of random length, so the length of the answer
says little about its content.
"""

from __future__ import annotations

import gzip
import re
import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase
from django.utils.cache import patch_vary_headers

LEVEL = 1
SMALLEST = 1024  # bytes: below this the header and a round trip's worth cost more
TEXT = (
    "text/",
    "application/json",
    "application/javascript",
    "application/yaml",
    "image/svg+xml",
)
RANDOM_NAME = 100  # at most this many bytes of random padding (Django: max_random_bytes)
_ACCEPTS = re.compile(r"\bgzip\b")


def compress(data: bytes) -> bytes:
    """``data`` as gzip at :data:`LEVEL`, with a file name of random length in the header.

    >>> gzip.decompress(compress(b"rendement " * 200)) == b"rendement " * 200
    True
    """
    packed = memoryview(gzip.compress(data, compresslevel=LEVEL, mtime=0))
    header = bytearray(packed[:10])
    header[3] = gzip.FNAME
    name = b"a" * secrets.randbelow(RANDOM_NAME) + b"\x00"
    return bytes(header) + name + packed[10:]


class CompressionMiddleware:
    """Compresses an answer of text when the request says ``Accept-Encoding: gzip``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if (
            response.streaming
            or response.has_header("Content-Encoding")
            or not response.get("Content-Type", "").startswith(TEXT)
        ):
            return response
        content: bytes = response.content  # type: ignore[attr-defined]
        if len(content) < SMALLEST:
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        if not _ACCEPTS.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            return response
        packed = compress(content)
        if len(packed) >= len(content):
            return response
        response.content = packed  # type: ignore[attr-defined]
        response.headers["Content-Length"] = str(len(packed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):  # a strong ETag is of the uncompressed bytes
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response
