"""Running the dashboard as replicas behind a reverse proxy (see deploy/README.md)."""
