"""The letter service of ``wsgi_app.py`` in FastAPI (``pip install fastapi uvicorn``).

FastAPI is not a dependency of camon-xinloi; this file needs it to import::

    uvicorn examples.fastapi_app:app --workers 4
    curl --data-binary @examples/ket_hon.json -H 'Content-Type: application/json' \\
        -o thu.pdf 'http://localhost:8000/letters/chuc_mung/ket_hon.pdf?number=7'

Read ``docs/web.md`` first: one issuer loaded at start-up, shared renderers,
bytes returned with ``renderer.media_type``, mistakes answered with 4xx.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from fastapi import Body, FastAPI, HTTPException, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import ValidationError

import camon_xinloi as cx
from camon_xinloi.events import parse_event

ISSUER = cx.Issuer.from_toml(os.environ.get("CAMON_XINLOI_ISSUER", "examples/ubnd.toml"))

app = FastAPI(title="camon_xinloi letters")


@app.post("/letters/{family}/{name}.{fmt}")
async def letter(
    family: str,
    name: str,
    fmt: str,
    event: dict[str, Any] = Body(...),  # noqa: B008 - FastAPI's way of declaring a body
    date: dt.date | None = None,
    number: int | None = None,
    draft: bool = False,
) -> Response:
    try:
        renderer = cx.get_renderer(fmt)
        template = cx.catalogue().get(f"{family}/{name}")
    except (cx.UnknownFormatError, cx.TemplateNotFoundError) as exc:
        raise HTTPException(404, str(exc)) from exc
    try:
        parsed = parse_event(event)
        composed = cx.compose(template, parsed, issuer=ISSUER, on=date, number=number, draft=draft)
        # typst and docx work are CPU-bound and blocking: keep them off the event loop
        data = await run_in_threadpool(renderer.render, composed)
    except ValidationError as exc:
        raise HTTPException(422, exc.errors(include_url=False)) from exc
    except (cx.EventMismatchError, cx.UnrenderableTextError) as exc:
        raise HTTPException(422, str(exc)) from exc
    filename = f"{family}-{name}{renderer.suffix}"
    return Response(
        data,
        media_type=renderer.media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
