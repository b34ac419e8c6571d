"""Django's Redis cache backend, keeping one client per connection pool.

Django's ``RedisCacheClient.get_client`` builds a new ``redis.Redis`` for every cache operation, and
redis-py fills a table of about 170 response callbacks in each one: a third of a millisecond of CPU
per ``get``. A client only borrows a connection from its pool for each command, so redis-py shares
one between threads; this backend keeps it. ``CACHE_URL=redis://…`` selects it (settings).
"""

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusingRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    #: Add one to each counter that exists, start the others at ARGV[1]: atomically, in one round trip.
    _INCR_OR_START = ("for _, key in ipairs(KEYS) do if redis.call('exists', key) == 1 then redis.call('incr', key) "
                      "else redis.call('set', key, ARGV[1]) end end")

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def incr_or_start_many(self, keys, start: int) -> None:
        """``incr`` each key, or ``set`` it to ``start`` where it is missing (no expiry), in one call."""
        if keys:
            client = self._cache.get_client(write=True)
            client.eval(self._INCR_OR_START, len(keys), *[self.make_and_validate_key(k) for k in keys], start)
