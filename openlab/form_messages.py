"""A no-JavaScript form posted from a page that is not its own: its errors become messages there."""

from django.contrib import messages


def errors_as_messages(request, form) -> None:
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)
