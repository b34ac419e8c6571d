"""What the matching engine tells the layer above it (coordination)."""

from django.dispatch import Signal

#: Sent inside the transaction that stored a listing's matches: ``sender`` is the listing's kind name,
#: ``listing`` the listing, ``rows`` its ranked ``Match`` rows. Coordination keeps its pairings in step.
matches_stored = Signal()
