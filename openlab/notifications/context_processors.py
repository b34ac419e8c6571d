from .selectors import unread_count


def unread(request):
    """The unread count shown in the header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # A GET changes nothing (reads never write): the count read with the user is current.
    return {"unread_notifications": unread_count(user, read_with_user=request.method in ("GET", "HEAD"))}
