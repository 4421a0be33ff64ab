"""Answers of text gzip-compressed for a browser that accepts it (``web/compression.py``):
the case page and an edit's fragment compressed and, unpacked, the page itself; nothing
compressed for a client that does not ask, nor a file that is compressed already, a
streamed answer, a tiny one or one compressed before; a strong ETag made weak; and the
random length that BREACH's length-guessing meets."""

from __future__ import annotations

import gzip
import re
from typing import Any

import pytest
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from rendement.web.compression import CompressionMiddleware, compress
from web_world import client_for

pytestmark = pytest.mark.django_db

GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br, zstd"}  # as Chromium asks
TOKEN = re.compile(rb'(csrfmiddlewaretoken" value=|"X-CSRFToken": )"[^"]+"')


def _same_page(a: bytes, b: bytes) -> bool:
    """The same page apart from the CSRF token, which is masked anew for every answer."""
    return TOKEN.sub(rb"\1", a) == TOKEN.sub(rb"\1", b)


def test_the_case_page_and_an_edit_are_compressed_for_a_browser(world: dict[str, Any]) -> None:
    owner, case = client_for(world["owner"]), world["case"]
    plain = owner.get(f"/cases/{case.uid}/")
    packed = owner.get(f"/cases/{case.uid}/", **GZIP)
    assert "Content-Encoding" not in plain and "Accept-Encoding" in plain["Vary"]
    assert packed["Content-Encoding"] == "gzip" and "Accept-Encoding" in packed["Vary"]
    assert int(packed["Content-Length"]) == len(packed.content)
    unpacked = gzip.decompress(packed.content)
    assert len(plain.content) > 300_000 and len(packed.content) < len(plain.content) / 5
    assert _same_page(unpacked, plain.content)
    edit = owner.post(
        f"/cases/{case.uid}/edit/",
        {"base": "1", "loc": "interventions.0.reach", "value": "170"},
        HTTP_HX_REQUEST="true",
        **GZIP,
    )
    assert edit.status_code == 200 and edit["Content-Encoding"] == "gzip"
    fragment = gzip.decompress(edit.content).decode()
    assert 'data-version="2"' in fragment and "€\u00a0" in fragment


def test_files_compressed_already_are_sent_as_they_are(world: dict[str, Any]) -> None:
    owner = client_for(world["owner"])
    excel = owner.get("/", {"formaat": "xlsx"}, **GZIP)
    assert excel.status_code == 200 and excel.content[:2] == b"PK"  # a zip: xlsx
    assert "Content-Encoding" not in excel
    yaml = owner.get(f"/cases/{world['case'].uid}/versions/1.yaml", **GZIP)
    assert yaml.status_code == 200
    text = gzip.decompress(yaml.content) if yaml.get("Content-Encoding") == "gzip" else None
    assert text is not None and b"interventions:" in text  # YAML is text: compressed


def _through(response: Any, **headers: str) -> Any:
    request = RequestFactory().get("/", **headers)
    return CompressionMiddleware(lambda _request: response)(request)


def test_what_is_left_alone_and_the_etag() -> None:
    text = "<p>rendement</p>" * 200
    assert "Content-Encoding" not in _through(HttpResponse("<p>kort</p>"), **GZIP)
    pdf = HttpResponse(b"%PDF-" + b"0" * 5000, content_type="application/pdf")
    assert "Content-Encoding" not in _through(pdf, **GZIP)
    streamed = _through(StreamingHttpResponse(iter([text.encode()])), **GZIP)
    assert "Content-Encoding" not in streamed
    encoded = HttpResponse(text)
    encoded["Content-Encoding"] = "br"
    assert _through(encoded, **GZIP)["Content-Encoding"] == "br"
    tagged = HttpResponse(text)
    tagged["ETag"] = '"abc"'
    answer = _through(tagged, **GZIP)
    assert answer["ETag"] == 'W/"abc"' and gzip.decompress(answer.content) == text.encode()
    assert "Content-Encoding" not in _through(HttpResponse(text), HTTP_ACCEPT_ENCODING="br")


def test_the_length_of_the_same_page_varies() -> None:
    """BREACH guesses a secret from how the compressed length changes; the random file
    name in the header adds 0–99 bytes, so equal pages do not have one length."""
    page = b"<input name='csrfmiddlewaretoken' value='geheim'>" * 100
    lengths = {len(compress(page)) for _ in range(40)}
    assert len(lengths) > 10
    assert all(gzip.decompress(compress(page)) == page for _ in range(5))
