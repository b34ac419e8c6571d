"""Local development: debug pages on, everything else from base (embedded defaults)."""

from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
