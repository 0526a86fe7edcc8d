"""Watch feeds as news happens: RSS, Atom and JSON Feed in, new events in the store.

    from frontwatch.store import Store
    from frontwatch.watch import Watcher, read_feed_list

    with Store.open("sqlite:///events.db") as store:
        watcher = Watcher(store, read_feed_list(["feeds.txt"]))
        print(watcher.round().line())
        watcher.close()

``feeds`` parses feeds and feed lists, ``fetch`` fetches politely, ``pages`` reads an
item's page, ``state`` keeps what the watch knows in the store, ``analyse`` runs the
pipeline and stores, ``watcher`` runs the rounds.
"""

from frontwatch.watch.feeds import FeedList, parse_feed, read_feed_list
from frontwatch.watch.fetch import FetchError, Fetcher, FetchOptions
from frontwatch.watch.state import feeds, last_change
from frontwatch.watch.watcher import DEFAULT_EVERY_S, RoundReport, Watcher, WatchOptions, run_rounds, watch_options

__all__ = [
    "DEFAULT_EVERY_S", "FeedList", "FetchError", "FetchOptions", "Fetcher", "RoundReport", "WatchOptions", "Watcher",
    "feeds", "last_change", "parse_feed", "read_feed_list", "run_rounds", "watch_options",
]
