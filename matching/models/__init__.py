from .feedback import FeedbackSignal
from .index import Match, MatchRun

__all__ = ["FeedbackSignal", "Match", "MatchRun"]
