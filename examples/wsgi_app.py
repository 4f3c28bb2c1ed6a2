"""A letter service with the standard library only (WSGI, served by wsgiref).

POST an event as JSON to ``/letters/<template id>.<format>`` and get the
letter back, with the renderer's media type::

    python examples/wsgi_app.py --issuer examples/ubnd.toml --port 8000
    curl --data-binary @examples/ket_hon.json -o thu.pdf \\
        'http://localhost:8000/letters/chuc_mung/ket_hon.pdf?number=7'

Query parameters: ``date`` (YYYY-MM-DD, default today), ``number``, ``draft=1``.
Mistakes are answered with a 4xx status and the library's one-line message
as plain text. The same ``application`` runs under any WSGI server (gunicorn,
uWSGI, mod_wsgi); ``docs/web.md`` explains the choices, and
``examples/fastapi_app.py`` is the same service in FastAPI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import parse_qs
from wsgiref.simple_server import make_server

from pydantic import ValidationError

import camon_xinloi as cx
from camon_xinloi.events import parse_event

PATH = re.compile(r"^/letters/(?P<template>[a-z0-9_]+/[a-z0-9_]+)\.(?P<fmt>[a-z0-9]+)$")
MAX_BODY = 1024 * 1024  # an event is a few kilobytes

StartResponse = Callable[[str, list[tuple[str, str]]], Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


class HttpError(Exception):
    """A response with a 4xx status and a one-line plain-text message."""

    def __init__(self, status: str, message: str) -> None:
        super().__init__(message)
        self.status = status


def one_line(exc: ValidationError) -> str:
    """Summarise an invalid event on one line: each field path and its message."""
    parts = []
    for err in exc.errors():
        where = ".".join(str(p) for p in err["loc"])
        parts.append(f"{where}: {err['msg']}" if where else err["msg"])
    return "invalid event: " + "; ".join(parts)


def make_app(issuer: cx.Issuer, *, catalogue: cx.Catalogue | None = None) -> WsgiApp:
    """Return the WSGI application for one issuer (loaded once, at start-up)."""
    cat = catalogue or cx.catalogue()

    def letter_response(environ: dict[str, Any]) -> tuple[bytes, list[tuple[str, str]]]:
        if environ["REQUEST_METHOD"] != "POST":
            raise HttpError("405 Method Not Allowed", "POST the event as JSON")
        match = PATH.match(environ.get("PATH_INFO", ""))
        if match is None:
            raise HttpError("404 Not Found", "use /letters/<family>/<name>.<format>")
        template_id, fmt = match["template"], match["fmt"]
        try:
            renderer = cx.get_renderer(fmt)  # shared and stateless: safe across requests
            template = cat.get(template_id)
        except (cx.UnknownFormatError, cx.TemplateNotFoundError) as exc:
            raise HttpError("404 Not Found", str(exc)) from exc

        query = parse_qs(environ.get("QUERY_STRING", ""))
        try:
            on = dt.date.fromisoformat(query["date"][0]) if "date" in query else None
            number = int(query["number"][0]) if "number" in query else None
        except ValueError as exc:
            raise HttpError("400 Bad Request", f"bad query parameter: {exc}") from exc
        draft = query.get("draft", ["0"])[0] in ("1", "true")

        length = int(environ.get("CONTENT_LENGTH") or 0)
        if length > MAX_BODY:
            raise HttpError("413 Content Too Large", f"the event is over {MAX_BODY} bytes")
        body = environ["wsgi.input"].read(length)
        try:
            event = parse_event(body)
            letter = cx.compose(template, event, issuer=issuer, on=on, number=number, draft=draft)
            data = renderer.render(letter)
        except ValidationError as exc:
            raise HttpError("422 Unprocessable Content", one_line(exc)) from exc
        except (cx.EventMismatchError, cx.UnrenderableTextError) as exc:
            # the citizen's data or the choice of template: the client can fix it
            raise HttpError("422 Unprocessable Content", str(exc)) from exc
        # TemplateRenderError, RenderError: our fault, let the server answer 500 and log
        filename = f"{template_id.replace('/', '-')}{renderer.suffix}"
        disposition = "inline" if renderer.media_type.startswith("text/") else "attachment"
        headers = [
            ("Content-Type", renderer.media_type),
            ("Content-Length", str(len(data))),
            ("Content-Disposition", f'{disposition}; filename="{filename}"'),
        ]
        return data, headers

    def application(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            data, headers = letter_response(environ)
        except HttpError as exc:
            message = f"{exc}\n".encode()
            start_response(
                exc.status,
                [
                    ("Content-Type", "text/plain; charset=utf-8"),
                    ("Content-Length", str(len(message))),
                ],
            )
            return [message]
        start_response("200 OK", headers)
        return [data]

    return application


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Serve letters over HTTP (wsgiref).")
    parser.add_argument("--issuer", default="examples/ubnd.toml", help="issuer TOML file")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    app = make_app(cx.Issuer.from_toml(args.issuer))
    with make_server("127.0.0.1", args.port, app) as server:
        print(f"POST events to http://127.0.0.1:{args.port}/letters/<template id>.<format>")
        print(json.dumps({"formats": cx.available_formats()}))
        server.serve_forever()


if __name__ == "__main__":
    main()
