"""Render every template of the catalogue, with its example event, in every format.

Useful to proofread a whole catalogue (a commune's own templates included) or
to look at what a change did to every letter::

    python examples/render_all.py out/
    python examples/render_all.py out/ --issuer examples/ubnd.toml --templates my_templates/
    python examples/render_all.py out/ --format pdf --format docx

Files are named ``<family>-<name>.<suffix>`` and written atomically.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import camon_xinloi as cx
from camon_xinloi.events import parse_event
from camon_xinloi.files import write_atomic
from camon_xinloi.testing import EXAMPLE_DATE, example_issuer


def render_all(
    out: Path,
    *,
    issuer: cx.Issuer,
    catalogue: cx.Catalogue,
    formats: list[str],
) -> list[Path]:
    """Write every template with an example in every format to ``out``; return the files."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for template in catalogue.list():
        if template.example is None:
            print(f"skipped {template.id}: no example.json")
            continue
        event = parse_event(dict(template.example))
        letter = cx.compose(template, event, issuer=issuer, on=EXAMPLE_DATE, number=1)
        for fmt in formats:
            renderer = cx.get_renderer(fmt)
            path = out / f"{template.id.replace('/', '-')}{renderer.suffix}"
            written.append(write_atomic(path, renderer.render(letter)))
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="output folder")
    parser.add_argument("--issuer", help="issuer TOML file (default: the example issuer)")
    parser.add_argument("--templates", help="a template folder stacked over the built-ins")
    parser.add_argument(
        "--format",
        action="append",
        dest="formats",
        help="a format to render (repeatable; default: every available format)",
    )
    args = parser.parse_args(argv)
    issuer = cx.Issuer.from_toml(args.issuer) if args.issuer else example_issuer()
    catalogue = cx.Catalogue.from_directory(args.templates) if args.templates else cx.catalogue()
    formats = args.formats or cx.available_formats()
    written = render_all(args.out, issuer=issuer, catalogue=catalogue, formats=formats)
    print(f"{len(written)} files in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
