"""What the search layer tells the layers above it."""

from django.dispatch import Signal

#: Sent after documents of a kind were (re)indexed or removed: ``sender`` is the kind's name, ``ids``
#: the object ids. The matching engine recomputes their matches.
documents_indexed = Signal()
