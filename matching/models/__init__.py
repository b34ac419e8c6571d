from .index import Match, MatchRun, SearchDocument
from .pipeline import FeedbackSignal, Pairing, PairingEvent, PairingMessage

__all__ = ["FeedbackSignal", "Match", "MatchRun", "Pairing", "PairingEvent", "PairingMessage", "SearchDocument"]
