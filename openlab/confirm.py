"""A confirmation step for actions that cannot be taken back (withdraw, decline, bulk actions), without
JavaScript: the first POST answers a page that repeats what was sent and asks; the second, with
``confirm=1``, acts."""

from django.shortcuts import render


def confirmed(request) -> bool:
    return request.POST.get("confirm") == "1"


def confirm_page(request, *, title: str, question: str, confirm_label: str, cancel_url: str, items=()):
    """The page that asks; it posts back every field that was sent, and ``confirm=1``."""
    fields = [(name, value) for name in request.POST if name not in ("csrfmiddlewaretoken", "confirm")
              for value in request.POST.getlist(name)]
    return render(request, "confirm.html", {
        "title": title, "question": question, "confirm_label": confirm_label, "cancel_url": cancel_url,
        "items": list(items), "fields": fields, "action_url": request.path,
    })
