"""The HTTP API and the map page: ``create_app(db)``; ``frontwatch serve`` runs it."""
