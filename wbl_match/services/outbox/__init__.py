"""Outgoing messages: queued in the outbox table with the change that causes them, then delivered."""
