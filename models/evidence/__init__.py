"""Evidence behind claims: links, the snapshot store, local files, fetching and refreshing,
freshness of citations and the snapshots a signed pack embeds.

The only network access in the application is ``fetch`` (run by ``refresh``).
"""
