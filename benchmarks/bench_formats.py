"""Every format on the example letter, next to the engines used plainly, in one run.

Each case runs in a fresh process, so its peak RSS is its own::

    python benchmarks/bench_formats.py [--count 300] [--soffice 5]

Cases:

* ``text``, ``sms``, ``html``, ``docx``, ``pdf``, ``png``: ``render(letter, fmt)``
  ``--count`` times, each letter with its own recipient and number;
* ``compose + pdf``: the whole path, composing each letter again;
* ``plain docxtpl``: what communes do today: docxtpl renders a similar
  one-page template (``examples/user_letterhead.docx``) and saves it;
* ``plain typst``: the typst compiler on our layout with the data prepared
  once (our overhead is the glyph check and building the JSON data);
* ``soffice docx→pdf``: LibreOffice converting our DOCX, the usual way to get a
  PDF from a Word template (only where ``soffice`` is installed; ``--soffice``
  conversions, each a new soffice process as a portal would run it).

Numbers are printed, never asserted.
"""

from __future__ import annotations

import argparse
import io
import itertools
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from bench_docx import USER_TEMPLATE, _timed_count

FORMATS = ("text", "sms", "html", "docx", "pdf", "png")


def _case(name: str, count: int) -> tuple[float, float]:
    import camon_xinloi as cx
    from camon_xinloi.testing import EXAMPLE_DATE, example_event, example_issuer, example_letter

    base = example_letter()
    # A different recipient and number for every render, as in a real run: engines that
    # memoise (typst) would otherwise look faster than they are.
    variants = [
        base.model_copy(update={"number": i % 99 + 1, "recipients": (f"Anh Nguyễn Văn Số {i}",)})
        for i in range(count + 1)
    ]
    letters = itertools.cycle(variants)
    work: Callable[[], object]
    if name in FORMATS:
        renderer = cx.get_renderer(name)

        def work() -> bytes:
            return renderer.render(next(letters))

    elif name == "compose + pdf":
        event, issuer = example_event("chuc_mung/ket_hon"), example_issuer()
        numbers = itertools.count(1)

        def work() -> bytes:
            fresh = cx.compose(
                "chuc_mung/ket_hon", event, issuer=issuer, on=EXAMPLE_DATE, number=next(numbers)
            )
            return cx.render(fresh, "pdf")

    elif name == "plain docxtpl":
        from docxtpl import DocxTemplate

        from camon_xinloi.render.docx import letter_context

        contexts = itertools.cycle([letter_context(letter) for letter in variants])

        def work() -> bytes:
            template = DocxTemplate(USER_TEMPLATE)
            template.render(next(contexts), autoescape=True)
            out = io.BytesIO()
            template.save(out)
            return out.getvalue()

    elif name == "plain typst":
        from camon_xinloi.render.pdf import _typst

        documents = itertools.cycle(
            [
                _typst.document_json(
                    [letter], created=_typst.document_date(letter, None), festive=False
                )
                for letter in variants
            ]
        )
        compiler = _typst.shared_compiler()

        def work() -> object:
            return compiler.compile(format="pdf", sys_inputs={"document": next(documents)})

    else:
        raise ValueError(name)
    return _timed_count(work, count)


def _soffice(conversions: int) -> tuple[float, float] | None:
    soffice = shutil.which("soffice")
    if soffice is None or conversions <= 0:
        return None
    import camon_xinloi as cx
    from camon_xinloi.testing import example_letter

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "letter.docx"
        source.write_bytes(cx.render(example_letter(), "docx"))
        profile = f"-env:UserInstallation=file://{tmp}/profile"
        command = [
            soffice,
            profile,
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(source),
        ]
        subprocess.run(command, check=True, capture_output=True)  # first start creates the profile
        start = time.perf_counter()
        for _ in range(conversions):
            subprocess.run(command, check=True, capture_output=True)
        return conversions / (time.perf_counter() - start), float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--count", type=int, default=300, help="renders per case")
    parser.add_argument("--soffice", type=int, default=5, help="LibreOffice conversions (0: skip)")
    args = parser.parse_args()
    cases = (*FORMATS, "compose + pdf", "plain docxtpl", "plain typst")
    print(f"{'case':22} {'letters/s':>10} {'peak RSS':>10}")
    for name in cases:
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
            rate, peak = pool.submit(_case, name, args.count).result()
        print(f"{name:22} {rate:10.1f} {peak:7.0f} MiB")
    office = _soffice(args.soffice)
    if office is None:
        print(f"{'soffice docx→pdf':22} {'(soffice not installed)':>21}")
    else:
        print(f"{'soffice docx→pdf':22} {office[0]:10.2f} {'(separate process)':>20}")


if __name__ == "__main__":
    main()
