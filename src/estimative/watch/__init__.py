"""Live watch: poll RSS/Atom feeds, fetch each new item's page, assess and store it as a report,
and merge reports of one event into one incident (`estimative watch`, docs/watch.md)."""
