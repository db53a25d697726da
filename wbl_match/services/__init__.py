"""Use cases. Each function takes a SQLAlchemy session, owns its transaction, and never imports Flask."""
