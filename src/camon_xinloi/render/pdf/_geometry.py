"""Signing geometry: the signing area, the seal's size, the preview images and their checks.

Internal to the PDF renderer. The boxes themselves (:class:`SignatureBox`) and
the ``/Sig`` fields are PDF post-processing (:mod:`camon_xinloi.pdf_tools`).
"""

from __future__ import annotations

import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from camon_xinloi.errors import ImageError, InvalidOptionError
from camon_xinloi.pdf_tools._signing import SignatureBox, sort_boxes

SIGNING_AREA_HEIGHT_MM = 32.0
"""Height of the free signing area between the last title line and the name."""
SIGNER_WIDTH_MM = 60.0
"""Width of the signer's rectangle, centred in the right column (82.5 mm wide)."""
SEAL_SIZE_MM = 36.0
"""Default seal diameter: the usual real size of a commune People's Committee seal."""
SEAL_SIZE_RANGE_MM = (20.0, 50.0)
"""The seal sizes accepted by ``seal_size_mm``."""
MAX_IMAGE_BYTES = 4 * 1024 * 1024
"""Largest preview image file accepted (a signature or seal PNG is a few KiB)."""
DEFAULT_IMAGE_DPI = 96.0
"""Resolution assumed for a PNG without a ``pHYs`` chunk."""


@dataclass(frozen=True)
class PngInfo:
    """What the PNG header says about an image.

    Attributes:
        width, height: Size in pixels.
        color_type: 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGB + alpha.
        transparent: An alpha channel (colour type 4 or 6) or a ``tRNS`` chunk.
        dpi: Horizontal and vertical resolution from ``pHYs``, or None.
    """

    width: int
    height: int
    color_type: int
    transparent: bool
    dpi: tuple[float, float] | None

    def size_mm(self) -> tuple[float, float]:
        """Size on paper: from ``pHYs``, else at :data:`DEFAULT_IMAGE_DPI`."""
        dpi_x, dpi_y = self.dpi or (DEFAULT_IMAGE_DPI, DEFAULT_IMAGE_DPI)
        return self.width / dpi_x * 25.4, self.height / dpi_y * 25.4


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_info(data: bytes, *, what: str = "image") -> PngInfo:
    r"""Read a PNG's header chunks (IHDR, tRNS, pHYs) without decoding the pixels.

    Raises:
        ImageError: If ``data`` is not a PNG or its header is damaged.

    Examples:
        >>> import struct, zlib
        >>> def chunk(tag, body):
        ...     return struct.pack(">I", len(body)) + tag + body + struct.pack(
        ...         ">I", zlib.crc32(tag + body))
        >>> png = (PNG_SIGNATURE + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 6, 0, 0, 0))
        ...        + chunk(b"IDAT", zlib.compress(b"\0" * 9)) + chunk(b"IEND", b""))
        >>> png_info(png)
        PngInfo(width=2, height=1, color_type=6, transparent=True, dpi=None)
        >>> png_info(b"GIF89a...", what="seal_image")
        Traceback (most recent call last):
        ...
        camon_xinloi.errors.ImageError: seal_image is not a PNG file ...
    """
    if not data.startswith(PNG_SIGNATURE):
        raise ImageError(
            f"{what} is not a PNG file (it starts with {data[:8]!r}); "
            "export the image as PNG with a transparent background"
        )
    pos = len(PNG_SIGNATURE)
    header: tuple[int, int, int] | None = None
    transparent = False
    dpi: tuple[float, float] | None = None
    while pos + 8 <= len(data):
        length, tag = struct.unpack_from(">I4s", data, pos)
        body = data[pos + 8 : pos + 8 + length]
        if len(body) != length:
            break
        if header is None and tag != b"IHDR":
            break
        if tag == b"IHDR":
            if length != 13:
                break
            width, height, _depth, color_type = struct.unpack_from(">IIBB", body)
            if width == 0 or height == 0 or color_type not in (0, 2, 3, 4, 6):
                break
            header = (width, height, color_type)
            transparent = color_type in (4, 6)
        elif tag == b"tRNS":
            transparent = True
        elif tag == b"pHYs" and length == 9:
            ppu_x, ppu_y, unit = struct.unpack_from(">IIB", body)
            if unit == 1 and ppu_x and ppu_y:
                dpi = (ppu_x * 0.0254, ppu_y * 0.0254)
        elif tag in (b"IDAT", b"IEND"):
            break
        pos += 12 + length
    if header is None:
        raise ImageError(f"{what} is a damaged PNG file (no valid IHDR header chunk)")
    width, height, color_type = header
    return PngInfo(width, height, color_type, transparent, dpi)


ImageSource = bytes | str | os.PathLike[str]


def _read_image(source: ImageSource, what: str) -> bytes:
    if isinstance(source, bytes):
        data = source
    else:
        try:
            with Path(source).open("rb") as handle:
                data = handle.read(MAX_IMAGE_BYTES + 1)
        except OSError as exc:
            raise ImageError(f"cannot read {what} {str(source)!r}: {exc.strerror}") from exc
    if len(data) > MAX_IMAGE_BYTES:
        raise ImageError(
            f"{what} is larger than {MAX_IMAGE_BYTES // 1024 // 1024} MiB; "
            "a signature or seal PNG needs only a few KiB"
        )
    return data


def _image_data(
    source: ImageSource, what: str, *, fit: tuple[float, float], scale_to: float | None
) -> dict[str, Any]:
    """Validate a preview image and return it as layout data (bytes and size in mm)."""
    data = _read_image(source, what)
    info = png_info(data, what=what)
    if not info.transparent:
        raise ImageError(
            f"{what} has no transparency (PNG colour type {info.color_type}, no tRNS chunk); "
            "export it with a transparent background so the text under it stays visible"
        )
    width, height = info.size_mm()
    if scale_to is not None:  # the seal: drawn at its real size, its width
        width, height = scale_to, height * scale_to / width
    if width > fit[0] + 0.01 or height > fit[1] + 0.01:
        raise ImageError(
            f"{what} is {width:.1f} x {height:.1f} mm, larger than its area of "
            f"{fit[0]:.1f} x {fit[1]:.1f} mm; scale it down or give the PNG its real "
            f"resolution (pHYs; without one {DEFAULT_IMAGE_DPI:.0f} dpi is assumed)"
        )
    return {"data": list(data), "width": round(width, 4), "height": round(height, 4)}


@dataclass(frozen=True)
class Layout:
    """The per-document options that change the page (and so the boxes)."""

    seal_size_mm: float = SEAL_SIZE_MM
    signature_image: dict[str, Any] | None = None
    seal_image: dict[str, Any] | None = None

    @classmethod
    def make(
        cls,
        *,
        seal_size_mm: float,
        signature_image: ImageSource | None,
        seal_image: ImageSource | None,
    ) -> Layout:
        low, high = SEAL_SIZE_RANGE_MM
        if not low <= seal_size_mm <= high:
            raise InvalidOptionError(
                f"seal_size_mm must be between {low:g} and {high:g} (a commune seal is about "
                f"{SEAL_SIZE_MM:g} mm across), got {seal_size_mm!r}"
            )
        signature = None
        if signature_image is not None:
            signature = _image_data(
                signature_image,
                "signature_image",
                fit=(SIGNER_WIDTH_MM, SIGNING_AREA_HEIGHT_MM),
                scale_to=None,
            )
        seal = None
        if seal_image is not None:
            seal = _image_data(
                seal_image, "seal_image", fit=(seal_size_mm, seal_size_mm), scale_to=seal_size_mm
            )
        return cls(seal_size_mm=float(seal_size_mm), signature_image=signature, seal_image=seal)

    def data(self) -> dict[str, Any]:
        return {
            "geometry": {
                "area_height": SIGNING_AREA_HEIGHT_MM,
                "signer_width": SIGNER_WIDTH_MM,
                "seal_size": self.seal_size_mm,
            },
            "images": {"signature": self.signature_image, "seal": self.seal_image},
        }


def with_date_box(boxes: list[SignatureBox]) -> list[SignatureBox]:
    """Add the ``date`` box (day slot to month slot) and sort the boxes by kind."""
    by_kind = {box.kind: box for box in boxes}
    day, month = by_kind["day"], by_kind["month"]
    date = SignatureBox(
        "date",
        day.page,
        day.llx,
        min(day.lly, month.lly),
        month.urx,
        max(day.ury, month.ury),
    )
    return sort_boxes([*boxes, date])
