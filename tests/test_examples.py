"""The scripts in examples/ work: the WSGI service, render_all, the FastAPI app."""

from __future__ import annotations

import asyncio
import importlib.util
import io
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from camon_xinloi.testing import example_issuer, pdf_text

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EVENT = (EXAMPLES / "ket_hon.json").read_bytes()


def load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"example_{name}", EXAMPLES / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def wsgi() -> Any:
    return load("wsgi_app").make_app(example_issuer())


def call(app: Any, path: str, body: bytes = EVENT, method: str = "POST", query: str = ""):
    """Call the WSGI application in-process; return (status, headers, body)."""
    seen: dict[str, Any] = {}

    def start_response(status: str, headers: list[tuple[str, str]]) -> None:
        seen["status"], seen["headers"] = status, dict(headers)

    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
    }
    data = b"".join(app(environ, start_response))
    assert seen["headers"]["Content-Length"] == str(len(data))
    return seen["status"], seen["headers"], data


def test_wsgi_pdf(wsgi):
    status, headers, data = call(wsgi, "/letters/chuc_mung/ket_hon.pdf", query="number=7")
    assert status == "200 OK"
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'attachment; filename="chuc_mung-ket_hon.pdf"'
    assert data.startswith(b"%PDF-")
    assert "Số: 07/UBND-VX" in pdf_text(data)


@pytest.mark.parametrize(
    ("fmt", "media_type"),
    [
        ("text", "text/plain; charset=utf-8"),
        ("html", "text/html; charset=utf-8"),
        ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_wsgi_formats(wsgi, fmt, media_type):
    status, headers, data = call(
        wsgi, f"/letters/chuc_mung/ket_hon.{fmt}", query="date=2026-03-05&draft=1"
    )
    assert status == "200 OK"
    assert headers["Content-Type"] == media_type
    assert data


def test_wsgi_text_is_the_letter(wsgi):
    _, _, data = call(wsgi, "/letters/chuc_mung/ket_hon.text", query="date=2026-03-05")
    assert "Phường 1 Bảo Lộc, ngày 05 tháng 3 năm 2026" in data.decode()


@pytest.mark.parametrize(
    ("path", "body", "method", "query", "status", "message"),
    [
        ("/letters/chuc_mung/ket_hon.pdf", EVENT, "GET", "", "405", "POST the event"),
        ("/nothing", EVENT, "POST", "", "404", "use /letters/"),
        ("/letters/chuc_mung/ket_hn.pdf", EVENT, "POST", "", "404", "did you mean"),
        ("/letters/chuc_mung/ket_hon.odt", EVENT, "POST", "", "404", "unknown format 'odt'"),
        ("/letters/chuc_mung/ket_hon.pdf", b"{bad", "POST", "", "422", "invalid event"),
        ("/letters/chuc_mung/ket_hon.pdf", b"{}", "POST", "", "422", "invalid event"),
        ("/letters/cam_on/gop_y.pdf", EVENT, "POST", "", "422", "not 'marriage_registered'"),
        ("/letters/chuc_mung/ket_hon.pdf", EVENT, "POST", "date=x", "400", "bad query"),
    ],
)
def test_wsgi_mistakes_are_4xx_with_one_line(wsgi, path, body, method, query, status, message):
    got, headers, data = call(wsgi, path, body=body, method=method, query=query)
    assert got.startswith(status)
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    text = data.decode()
    assert message in text
    assert text.count("\n") == 1


def test_wsgi_unprintable_character_is_422(wsgi):
    event = json.loads(EVENT)
    event["spouses"][0]["full_name"] = "Lê Trung Dũng 😀"
    status, _, data = call(wsgi, "/letters/chuc_mung/ket_hon.pdf", body=json.dumps(event).encode())
    assert status.startswith("422")
    assert "U+1F600" in data.decode()


def test_render_all(tmp_path):
    render_all = load("render_all")
    assert render_all.main([str(tmp_path), "--format", "text", "--format", "sms"]) == 0
    from camon_xinloi import catalogue

    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 2 * len(catalogue().list())
    assert all(p.stat().st_size > 0 for p in tmp_path.iterdir())


def _fake_fastapi() -> ModuleType:
    """Just enough of FastAPI's surface for the example to import and run its handler.

    FastAPI is not a dependency; this checks the example's own logic (lookup,
    compose, render, status codes), not FastAPI.
    """
    module = ModuleType("fastapi")
    concurrency = ModuleType("fastapi.concurrency")

    class HTTPException(Exception):
        def __init__(self, status_code: int, detail: object) -> None:
            super().__init__(status_code, detail)
            self.status_code, self.detail = status_code, detail

    class Response:
        def __init__(self, content: bytes, media_type: str, headers: dict[str, str]) -> None:
            self.body, self.media_type, self.headers = content, media_type, headers

    class FastAPI:
        def __init__(self, title: str) -> None:
            self.title = title
            self.routes: dict[str, Any] = {}

        def post(self, path: str):
            def register(func):
                self.routes[path] = func
                return func

            return register

    async def run_in_threadpool(func, *args):
        return func(*args)

    for name, value in (
        ("FastAPI", FastAPI),
        ("HTTPException", HTTPException),
        ("Response", Response),
        ("Body", lambda default: default),
        ("concurrency", concurrency),
    ):
        setattr(module, name, value)
    setattr(concurrency, "run_in_threadpool", run_in_threadpool)  # noqa: B010
    return module


def test_fastapi_app_handler(monkeypatch):
    fake = _fake_fastapi()
    monkeypatch.setitem(sys.modules, "fastapi", fake)
    monkeypatch.setitem(sys.modules, "fastapi.concurrency", fake.concurrency)
    monkeypatch.setenv("CAMON_XINLOI_ISSUER", str(EXAMPLES / "ubnd.toml"))
    app = load("fastapi_app").app
    assert app.title == "camon_xinloi letters"
    handler = app.routes["/letters/{family}/{name}.{fmt}"]
    event = json.loads((EXAMPLES / "ket_hon.json").read_text(encoding="utf-8"))
    response = asyncio.run(handler("chuc_mung", "ket_hon", "pdf", event, number=7))
    assert response.media_type == "application/pdf"
    assert response.body.startswith(b"%PDF-")
    assert "chuc_mung-ket_hon.pdf" in response.headers["Content-Disposition"]
    with pytest.raises(fake.HTTPException) as missing:
        asyncio.run(handler("chuc_mung", "ket_hn", "pdf", event))
    assert missing.value.status_code == 404
    with pytest.raises(fake.HTTPException) as invalid:
        asyncio.run(handler("chuc_mung", "ket_hon", "pdf", {**event, "spouses": []}))
    assert invalid.value.status_code == 422
