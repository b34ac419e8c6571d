"""Search backends. The embedded backend always exists; Elasticsearch is used when configured."""
