"""``manage.py bench_markup``: how long Markdown rendering takes on adversarial texts of growing length
(prints one line per pattern and size, then the growth from the smallest to the largest size)."""

import time

from django.core.management.base import BaseCommand

from marketplace.markup import _render
from marketplace.models.listings import LONG_TEXT_MAX

PATTERNS = {"brackets": "[", "links": "[a](", "emphasis": "*a", "angles": "<", "quotes": "> ", "plain": "가나 "}


class Command(BaseCommand):
    help = "Time Markdown rendering on adversarial inputs up to the longest text a listing may hold."

    def handle(self, *args, **options):
        sizes = (LONG_TEXT_MAX // 4, LONG_TEXT_MAX // 2, LONG_TEXT_MAX)
        for name, unit in PATTERNS.items():
            times = []
            for size in sizes:
                text = (unit * (size // len(unit) + 1))[:size]
                _render.cache_clear()
                start = time.perf_counter()
                _render(text)
                times.append(time.perf_counter() - start)
                self.stdout.write(f"{name:10} {size:6} chars  {times[-1] * 1000:8.1f} ms")
            growth = times[-1] / times[0] if times[0] else 0
            self.stdout.write(f"{name:10} ×{sizes[-1] // sizes[0]} length → ×{growth:.1f} time (linear is ×4)")
