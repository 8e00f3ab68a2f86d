"""
Peak memory and time to make a photo's renditions, for the largest photo the
upload checks accept (40 megapixels, 15 MB).

    .venv/bin/python benchmarks/renditions.py

Each case runs in a fresh Python process, which makes every rendition of one
photo; the table gives the wall time and the process's peak resident memory
above what it held before starting (``VmHWM``, Linux). “before” is the previous
way (the whole image decoded for each rendition), “now” decodes JPEGs at a
reduced DCT scale and reduces other formats before resizing
(``images.renditions.DecodeAtScale``).
"""

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# 7744 × 5163 = 39,982,272 pixels, a 3:2 camera frame just under the limit.
SIZE = (7744, 5163)


def make_photo(path, fmt):
    from PIL import Image, ImageDraw

    image = Image.radial_gradient("L").resize(SIZE).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(0, SIZE[0], 97):
        draw.line([(i, 0), (SIZE[0] - i, SIZE[1])], fill=(i % 255, 90, 160), width=9)
    image.save(path, fmt, quality=90)
    return path.stat().st_size


def peak_kib():
    """The process's peak resident memory so far (Linux ``VmHWM``), in KiB."""
    # Not ru_maxrss: Linux carries it across exec from the forking parent.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def child(path, mode):
    """Make the renditions of ``path`` as the site does; print seconds and KiB."""
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from django.core.files import File
    from imagekit.cachefiles import ImageCacheFile
    from imagekit.processors import ResizeToFit

    from images import renditions

    if mode == "before":
        renditions.Rendition.processors = property(
            lambda self: [ResizeToFit(width=self.width, upscale=False)]
        )
    baseline = peak_kib()
    started = time.perf_counter()
    with open(path, "rb") as handle:
        source = File(handle, name=Path(path).name)
        for width in renditions.RENDITION_WIDTHS:
            ImageCacheFile(renditions.Rendition(source, width)).generate(force=True)
    seconds = time.perf_counter() - started
    peak = peak_kib() - baseline
    print(f"{seconds:.2f} {peak}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", nargs=2, metavar=("PATH", "MODE"))
    args = parser.parse_args()
    if args.child:
        return child(*args.child)
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DJANGO_MEDIA_ROOT": tmp,
            "NEWSROOM_VAR_DIR": tmp,
            "NEWSROOM_CACHE_DIR": tmp + "/cache",
        }
        widths = ", ".join(map(str, _widths()))
        print(f"Renditions {widths} px of a {SIZE[0]}×{SIZE[1]}")
        print("photo (40.0 MP), one fresh process per case.\n")
        print("| format | file | way | time | peak memory |")
        print("| --- | --- | --- | --- | --- |")
        for fmt, ext in (("JPEG", "jpg"), ("PNG", "png")):
            path = Path(tmp) / f"photo.{ext}"
            size = make_photo(path, fmt)
            for mode in ("before", "now"):
                out = subprocess.run(
                    [sys.executable, __file__, "--child", str(path), mode],
                    env=env,
                    stdout=subprocess.PIPE,
                    text=True,
                    check=True,
                ).stdout.split()
                seconds, kib = float(out[-2]), int(out[-1])
                print(
                    f"| {fmt} | {size / 2**20:.1f} MB | {mode} | {seconds:.2f} s "
                    f"| {kib / 1024:.0f} MB |"
                )


def _widths():
    sys.path.insert(0, str(BASE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    import django

    django.setup()
    from images.renditions import RENDITION_WIDTHS

    return RENDITION_WIDTHS


if __name__ == "__main__":
    main()
