"""What the marketplace tells the layers above it. Sent inside the writing transaction."""

from django.dispatch import Signal

#: An interest was declined: ``interest``, ``reason`` (the matching engine learns from it).
interest_declined = Signal()

#: A pair's interests became mutual: ``interest`` (one of them). Coordination opens their connection.
pair_became_mutual = Signal()
